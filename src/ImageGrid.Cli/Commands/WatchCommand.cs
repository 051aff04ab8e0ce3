using System.CommandLine;
using ImageGrid.Cli.Tasks;

namespace ImageGrid.Cli.Commands;

/// <summary><c>imagegrid watch TASK_ID</c>: the task's progress to its end, resuming a dropped stream where it broke.</summary>
public static class WatchCommand
{
    public static Command Build(GlobalOptions global)
    {
        var taskId = new Argument<string>("task-id") { Description = "The task's id (tsk_...)" };
        var saveInto = new Option<DirectoryInfo>("--out") { Description = "Save the task's images into this folder once it succeeds", HelpName = "dir" };

        var command = new Command("watch", "Follow a task's progress until it succeeds or fails") { taskId, saveInto };
        command.SetCliAction(global, async (parseResult, context, cancellationToken) =>
        {
            var completion = new TaskCompletion(context);
            var final = await completion.FollowAsync(parseResult.GetValue(taskId)!, showUpdates: true, cancellationToken);
            return await completion.ReportAsync(final, parseResult.GetValue(saveInto), cancellationToken);
        });
        return command;
    }
}
