using System.Security.Claims;
using ImageGrid.Rivya.Simulator.Control;
using ImageGrid.Rivya.Simulator.Faults;
using ImageGrid.Rivya.Simulator.Http;
using ImageGrid.Rivya.Simulator.Scripts;

namespace ImageGrid.Rivya.Simulator.Tasks;

/// <summary><c>POST /api/v1/tasks</c> and <c>GET /api/v1/tasks/{id}</c>.</summary>
internal static class TaskEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapPost("/tasks", Create)
            .AddEndpointFilter(new RequestCountingFilter(RivyaEndpoint.Create))
            .AddEndpointFilter(new FaultInjectionFilter(
                RivyaEndpoint.Create,
                context => new FaultTarget(context.Arguments.OfType<CreateTaskPayload>().FirstOrDefault()?.Prompt, null)));
        api.MapGet("/tasks/{id}", Get)
            .AddEndpointFilter(new RequestCountingFilter(RivyaEndpoint.Get))
            .AddEndpointFilter(new FaultInjectionFilter(
                RivyaEndpoint.Get,
                context => new FaultTarget(null, context.HttpContext.GetRouteValue("id") as string)));
    }

    private static IResult Create(
        CreateTaskPayload payload,
        ClaimsPrincipal user,
        HttpRequest request,
        TaskCreator creator,
        PublicBaseUrl baseUrl,
        TimeProvider time)
    {
        if (!CreateTaskValidator.TryValidate(payload.Body, out var validated, out var errors))
        {
            return ApiErrorResult.ValidationFailed(errors);
        }

        var outcome = creator.Create(user.ApiKey(), validated, RequestFingerprint.Of(payload.Body));
        return outcome switch
        {
            CreateTaskOutcome.Created created => Results.Json(TaskBodies.From(created.Task, time.GetUtcNow(), baseUrl.For(request))),
            CreateTaskOutcome.Replayed replayed => Results.Json(TaskBodies.From(replayed.Task, time.GetUtcNow(), baseUrl.For(request))),
            CreateTaskOutcome.Conflict => ApiErrorResult.IdempotencyConflict(),
            CreateTaskOutcome.InsufficientCredits insufficient => ApiErrorResult.InsufficientCredits(insufficient.Available),
            CreateTaskOutcome.Rejected rejected => ScriptedRejection(rejected.Rejection),
            _ => throw new InvalidOperationException($"Unknown create outcome {outcome}."),
        };
    }

    private static IResult Get(string id, ClaimsPrincipal user, HttpRequest request, TaskStore tasks, PublicBaseUrl baseUrl, TimeProvider time)
    {
        // Another key's task is answered exactly like a missing one, so ids do not leak across keys.
        if (!tasks.TryGet(id, out var task) || task.OwnerApiKey != user.ApiKey())
        {
            return ApiErrorResult.NotFound("task");
        }

        task.CountPoll();
        return Results.Json(TaskBodies.From(task, time.GetUtcNow(), baseUrl.For(request)));
    }

    private static ApiErrorResult ScriptedRejection(TaskRejection rejection) => rejection switch
    {
        TaskRejection.ValidationFailed => ApiErrorResult.ValidationFailed("prompt", "Rejected by a simulator script."),
        TaskRejection.InsufficientCredits => ApiErrorResult.InsufficientCredits(available: 0),
        TaskRejection.NotFound => ApiErrorResult.NotFound("model"),
        TaskRejection.IdempotencyConflict => ApiErrorResult.IdempotencyConflict(),
        _ => throw new InvalidOperationException($"Unknown rejection {rejection}."),
    };
}
