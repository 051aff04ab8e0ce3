using ImageGrid.Cli.Commands;
using ImageGrid.Cli.Images;
using ImageGrid.Cli.Output;
using ImageGrid.Contracts.V1;
using TaskStatus = ImageGrid.Contracts.V1.TaskStatus;

namespace ImageGrid.Cli.Tasks;

/// <summary>
/// What create and watch share: following a task to its end (showing each update, or quietly), then reporting the
/// outcome: the error of a failed task (exit 1), the images of a finished one, saved into a folder when asked.
/// </summary>
public sealed class TaskCompletion(CommandContext context)
{
    public async Task<ImageTask> FollowAsync(string taskId, bool showUpdates, CancellationToken cancellationToken)
    {
        var output = context.Output;
        var progress = output.Progress();
        ImageTask? last = null;
        try
        {
            await foreach (var update in new TaskFollower(context.Connection.Client).FollowAsync(taskId, cancellationToken))
            {
                last = update.Task;
                if (!showUpdates)
                {
                    continue;
                }

                if (output.Json)
                {
                    output.WriteJson(update);
                }
                else
                {
                    progress.Show(update.Task);
                }
            }
        }
        finally
        {
            progress.Finish();
        }

        return last ?? throw new CliException(ExitCodes.OtherError, $"the watch of {taskId} ended without any update");
    }

    /// <summary>Reports a task that has ended (or, without a folder to save into, one that may still be running).</summary>
    public async Task<int> ReportAsync(ImageTask task, DirectoryInfo? saveInto, CancellationToken cancellationToken)
    {
        var output = context.Output;
        if (task.Status == TaskStatus.Failed)
        {
            var reason = task.Error is { } error ? $"{error.Code}: {error.Message}" : "no reason given";
            output.Error.WriteLine($"error: task {task.Id} failed: {reason}");
            return ExitCodes.TaskFailed;
        }

        if (task.Status != TaskStatus.Succeeded)
        {
            return ExitCodes.Success;
        }

        if (saveInto is null)
        {
            foreach (var image in task.Images)
            {
                output.Info($"image {image.Url} ({image.Width}×{image.Height} {image.MimeType})");
            }

            return ExitCodes.Success;
        }

        foreach (var path in await new ImageSaver(context.Connection.Downloads).SaveAsync(task, saveInto, cancellationToken))
        {
            output.Info($"saved {path}");
        }

        return ExitCodes.Success;
    }
}
