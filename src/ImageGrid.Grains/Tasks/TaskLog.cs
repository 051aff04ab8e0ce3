using ImageGrid.Grains.Accounts;
using ImageGrid.Rivya;
using Microsoft.Extensions.Logging;

namespace ImageGrid.Grains;

/// <summary>What <see cref="TaskGrain"/> logs: one place for its messages and their levels.</summary>
internal static partial class TaskLog
{
    /// <summary>
    /// A 429 is the budget's business and an outage the circuit's (each logs once and shows in the health check and
    /// metrics): Debug here, so a congested or absent Rivya cannot flood the log with a line per task.
    /// </summary>
    public static void UpstreamFailure(this ILogger logger, string taskId, string step, RivyaApiException e, TimeSpan delay)
    {
        if (e.Code == RivyaErrorCodes.RateLimited)
        {
            logger.RateLimited(taskId, step, delay);
        }
        else if (e.Code == RivyaErrorCodes.Outage)
        {
            logger.HeldBack(taskId, step, delay);
        }
        else
        {
            logger.TransientFailure(taskId, step, e.Code, e.HttpStatus, delay);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Task {TaskId} submitted as Rivya task {RivyaTaskId} ({RivyaStatus})")]
    public static partial void Submitted(this ILogger logger, string taskId, string rivyaTaskId, string rivyaStatus);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Task {TaskId} rejected by Rivya: {Code} (HTTP {HttpStatus})")]
    public static partial void Rejected(this ILogger logger, string taskId, string code, int? httpStatus);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Task {TaskId} {Step} failed transiently: {Code} (HTTP {HttpStatus}); next attempt in {Delay}")]
    public static partial void TransientFailure(this ILogger logger, string taskId, string step, string code, int? httpStatus, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Task {TaskId} {Step} refused by Rivya's rate limit; next attempt in {Delay}")]
    public static partial void RateLimited(this ILogger logger, string taskId, string step, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Task {TaskId} {Step} held back while Rivya is out; next attempt in {Delay}")]
    public static partial void HeldBack(this ILogger logger, string taskId, string step, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Task {TaskId} not acknowledged by Rivya within {Deadline}; submitting in the background")]
    public static partial void StillSubmitting(this ILogger logger, string taskId, TimeSpan deadline);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Task {TaskId}: Rivya reported unknown status {RivyaStatus}; treating it as in progress")]
    public static partial void UnknownStatus(this ILogger logger, string taskId, string rivyaStatus);

    [LoggerMessage(Level = LogLevel.Error, Message = "Task {TaskId}: upstream account out of credits (Rivya answered insufficient_credits)")]
    public static partial void UpstreamOutOfCredits(this ILogger logger, string taskId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Task {TaskId}: could not publish version {Version} to the account's index")]
    public static partial void AccountPublishFailed(this ILogger logger, string taskId, long version, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Task {TaskId} ended {Status}: credits closed ({Outcome})")]
    public static partial void CreditsClosed(this ILogger logger, string taskId, ImageTaskStatus status, CreditOutcomeKind outcome);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Task {TaskId} ({Status}) is older than {MaxAge} (Polling:MaxTaskAge): it ends FAILED deadline_exceeded")]
    public static partial void TooOld(this ILogger logger, string taskId, ImageTaskStatus status, TimeSpan maxAge);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Task {TaskId} ({Status}): a step failed; the task is driven again in {Delay}")]
    public static partial void DriveFailed(this ILogger logger, string taskId, ImageTaskStatus status, TimeSpan delay, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Task {TaskId} ({Status}): the account's reconciler found no pending drive and re-drives the task")]
    public static partial void ReDriven(this ILogger logger, string taskId, ImageTaskStatus status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Task {TaskId} was already stored although its id was new; the stored task is answered")]
    public static partial void AlreadyStored(this ILogger logger, string taskId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Task {TaskId} finished {Status} at version {Version}")]
    public static partial void Finished(this ILogger logger, string taskId, ImageTaskStatus status, long version);
}
