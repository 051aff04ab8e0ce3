using ImageGrid.Rivya.Simulator.Faults;
using ImageGrid.Rivya.Simulator.Http;
using ImageGrid.Rivya.Simulator.Scripts;

namespace ImageGrid.Rivya.Simulator.Control;

/// <summary>The control API for tests and benchmarks under <c>/_sim</c>: no auth, camelCase JSON.</summary>
internal static class ControlEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var control = app.MapGroup("/_sim");
        control.MapGet("/stats", (SimulatorControl simulator) => simulator.GetStats());
        control.MapGet("/tasks/{id}", (string id, SimulatorControl simulator) => FoundOrNotFound(simulator.FindTask(id)));
        control.MapGet("/tasks", FindByClientRequestId);
        control.MapPost("/faults", AddFault);
        control.MapDelete("/faults", (SimulatorControl simulator) =>
        {
            simulator.ClearFaults();
            return Results.NoContent();
        });
        control.MapPost("/scripts", AddScript);
        control.MapDelete("/scripts", (SimulatorControl simulator) =>
        {
            simulator.ClearScripts();
            return Results.NoContent();
        });
        control.MapPut("/accounts/{apiKey}/credits", SetCredits);
        control.MapGet("/accounts/{apiKey}/credits", (string apiKey, SimulatorControl simulator) => simulator.GetCredits(apiKey));
    }

    private static IResult FindByClientRequestId(string? clientRequestId, SimulatorControl simulator) =>
        string.IsNullOrEmpty(clientRequestId)
            ? ApiErrorResult.ValidationFailed("clientRequestId", "The query parameter clientRequestId is required.")
            : FoundOrNotFound(simulator.FindTaskByClientRequestId(clientRequestId));

    private static IResult AddFault(FaultSpec fault, SimulatorControl simulator)
    {
        var errors = FaultSpecValidator.Validate(fault);
        if (errors.Count > 0)
        {
            return ApiErrorResult.ValidationFailed(errors);
        }

        simulator.AddFault(fault);
        return Results.Ok(fault);
    }

    private static IResult AddScript(TaskScriptSpec script, SimulatorControl simulator)
    {
        var errors = TaskScriptSpecValidator.Validate(script);
        if (errors.Count > 0)
        {
            return ApiErrorResult.ValidationFailed(errors);
        }

        simulator.AddScript(script);
        return Results.Ok(script);
    }

    private static IResult SetCredits(string apiKey, SetCreditsRequest request, SimulatorControl simulator)
    {
        if (request.Credits < 0)
        {
            return ApiErrorResult.ValidationFailed("credits", "credits must not be negative.");
        }

        simulator.SetCredits(apiKey, request.Credits);
        return Results.Ok(simulator.GetCredits(apiKey));
    }

    private static IResult FoundOrNotFound(TaskInspection? task) => task is null ? ApiErrorResult.NotFound("task") : Results.Ok(task);
}
