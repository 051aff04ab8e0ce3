using ImageGrid.Rivya.Simulator.Http;
using ImageGrid.Rivya.Simulator.Tasks;

namespace ImageGrid.Rivya.Simulator.Images;

/// <summary><c>GET /results/{taskId}/0.png</c>: the generated image of a succeeded task (no auth, like a CDN link).</summary>
internal static class ResultEndpoints
{
    public const string ImageMimeType = "image/png";

    public static string ImagePath(string taskId) => $"/results/{taskId}/0.png";

    public static void Map(IEndpointRouteBuilder app) => app.MapGet("/results/{taskId}/0.png", GetImage);

    private static IResult GetImage(string taskId, HttpContext httpContext, TaskStore tasks, TimeProvider time)
    {
        if (!tasks.TryGet(taskId, out var task) || !task.HasSucceededAt(time.GetUtcNow()))
        {
            return ApiErrorResult.NotFound("result");
        }

        var painter = new GradientPainter(task.Id, task.ImageSize);
        return Results.Stream(
            body => PngWriter.WriteAsync(body, task.ImageSize, painter, httpContext.RequestAborted),
            ImageMimeType);
    }
}
