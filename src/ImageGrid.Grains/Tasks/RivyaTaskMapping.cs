using ImageGrid.Rivya;

namespace ImageGrid.Grains;

/// <summary>Translates between ImageGrid's task records and the Rivya client's.</summary>
public static class RivyaTaskMapping
{
    /// <summary>The create request; ImageGrid's task id is Rivya's idempotency key.</summary>
    public static RivyaCreateTaskRequest ToCreateRequest(string taskId, ImageRequest request) => new(
        request.Model,
        request.Prompt,
        request.Parameters,
        [.. request.References.Select(r => new RivyaReferenceMediaItem(r.Url, r.Kind, r.Name, r.MimeType, r.DurationToken))],
        taskId);

    /// <summary>Null for a status ImageGrid does not know: such a task is still in progress (docs/rivya-contract.md, B3).</summary>
    public static ImageTaskStatus? ToStatus(string rivyaStatus) => rivyaStatus switch
    {
        RivyaTaskStatuses.Queued => ImageTaskStatus.Queued,
        RivyaTaskStatuses.Running => ImageTaskStatus.Running,
        RivyaTaskStatuses.Succeeded => ImageTaskStatus.Succeeded,
        RivyaTaskStatuses.Failed => ImageTaskStatus.Failed,
        _ => null,
    };

    /// <summary>
    /// The progress Rivya's answer implies, starting from <paramref name="current"/>. A task never moves backwards:
    /// a status earlier than the current one is ignored.
    /// </summary>
    public static TaskProgress Apply(TaskProgress current, RivyaTask task)
    {
        var status = ToStatus(task.Status) is { } known && known >= current.Status ? known : current.Status;
        return current with
        {
            Status = status,
            RivyaTaskId = task.Id,
            ReservedCredits = task.ReservedCredits,
            FinalCredits = task.FinalCredits,
            Images = status == ImageTaskStatus.Succeeded && task.Result is { } result
                ? [.. result.Images.Select(i => new GeneratedImageInfo { Url = i.Url, Width = i.Width, Height = i.Height, MimeType = i.MimeType })]
                : current.Images,
            Error = status == ImageTaskStatus.Failed
                ? new TaskFailure { Code = task.Error?.Code ?? "failed", Message = task.Error?.Message ?? "Rivya reported the task failed without a reason." }
                : current.Error,
        };
    }
}
