using ImageGrid.Rivya.Simulator.Contract;
using ImageGrid.Rivya.Simulator.Images;

namespace ImageGrid.Rivya.Simulator.Tasks;

/// <summary>Renders a task as Rivya answers it at a given moment.</summary>
internal static class TaskBodies
{
    public static TaskBody From(SimulatedTask task, DateTimeOffset now, string baseUrl)
    {
        var status = task.StatusAt(now);
        var succeeded = status == TaskStatuses.Succeeded;
        var result = succeeded
            ? new TaskResultBody([
                new ResultImageBody(
                    $"{baseUrl}{ResultEndpoints.ImagePath(task.Id)}",
                    task.ImageSize.Width,
                    task.ImageSize.Height,
                    ResultEndpoints.ImageMimeType),
            ])
            : null;
        var error = status == TaskStatuses.Failed
            ? new TaskErrorBody(task.Outcome.ErrorCode ?? TaskOutcome.DefaultErrorCode, task.Outcome.ErrorMessage ?? TaskOutcome.DefaultErrorMessage)
            : null;
        return new TaskBody(
            task.Id,
            status,
            RivyaContract.ModelId,
            RivyaContract.CreditsPerImage,
            succeeded ? RivyaContract.CreditsPerImage : 0,
            task.Timeline.CreatedAt,
            task.Timeline.UpdatedAt(now),
            result,
            error);
    }
}
