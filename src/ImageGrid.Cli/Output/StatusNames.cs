using Grpc.Core;
using TaskStatus = ImageGrid.Contracts.V1.TaskStatus;

namespace ImageGrid.Cli.Output;

/// <summary>Names as the protos spell them, without their prefix: QUEUED, INVALID_ARGUMENT.</summary>
public static class StatusNames
{
    private const string TaskStatusPrefix = "TASK_STATUS_";

    public static string Of(TaskStatus status) => UpperSnake(status.ToString());

    public static string Of(StatusCode code) => UpperSnake(code.ToString());

    /// <summary>Reads a status as a person types it: queued, QUEUED or TASK_STATUS_QUEUED.</summary>
    public static TaskStatus? ParseTaskStatus(string text)
    {
        var name = text.Trim().ToUpperInvariant();
        if (name.StartsWith(TaskStatusPrefix, StringComparison.Ordinal))
        {
            name = name[TaskStatusPrefix.Length..];
        }

        return Enum.GetValues<TaskStatus>().Where(s => s != TaskStatus.Unspecified).Cast<TaskStatus?>().FirstOrDefault(s => Of(s!.Value) == name);
    }

    private static string UpperSnake(string pascal) =>
        string.Concat(pascal.Select((c, i) => i > 0 && char.IsUpper(c) ? $"_{c}" : char.ToUpperInvariant(c).ToString()));
}
