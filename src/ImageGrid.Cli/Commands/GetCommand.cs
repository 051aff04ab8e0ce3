using System.CommandLine;
using ImageGrid.Cli.Output;
using ImageGrid.Contracts.V1;

namespace ImageGrid.Cli.Commands;

/// <summary><c>imagegrid get TASK_ID</c>: the task as it is now. Reading a failed task succeeds: its status says it failed.</summary>
public static class GetCommand
{
    public static Command Build(GlobalOptions global)
    {
        var taskId = new Argument<string>("task-id") { Description = "The task's id (tsk_...)" };

        var command = new Command("get", "Show a task as it is now") { taskId };
        command.SetCliAction(global, async (parseResult, context, cancellationToken) =>
        {
            var task = await context.Connection.Client.GetTaskAsync(
                new GetTaskRequest { TaskId = parseResult.GetValue(taskId) }, deadline: context.Connection.CallDeadline(), cancellationToken: cancellationToken);
            if (context.Output.Json)
            {
                context.Output.WriteJson(task);
            }
            else
            {
                context.Output.Text(TaskText.Block(task));
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
