using Microsoft.Extensions.Logging;

namespace ImageGrid.Grains.Diagnostics;

/// <summary>A log scope that carries the task's and its account's ids into every line written within it.</summary>
public static class TaskLogScope
{
    public static IDisposable? Begin(ILogger logger, string taskId, string accountId) =>
        logger.BeginScope(new KeyValuePair<string, object>[]
        {
            new(TelemetryTags.TaskIdScope, taskId),
            new(TelemetryTags.AccountIdScope, accountId),
        });

    public static IDisposable? BeginAccount(ILogger logger, string accountId) =>
        logger.BeginScope(new KeyValuePair<string, object>[] { new(TelemetryTags.AccountIdScope, accountId) });
}
