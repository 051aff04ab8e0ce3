using Microsoft.Extensions.Logging;

namespace ImageGrid.Grains.Accounts;

/// <summary>What <see cref="AccountGrain"/> and its <see cref="AccountStore"/> log.</summary>
internal static partial class AccountLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Account {AccountId} created with {OpeningCredits} credits")]
    public static partial void Created(this ILogger logger, string accountId, long openingCredits);

    [LoggerMessage(Level = LogLevel.Information, Message = "Account {AccountId} granted {Amount} credits ({Reason}); {Available} available")]
    public static partial void Granted(this ILogger logger, string accountId, long amount, string reason, long available);

    [LoggerMessage(Level = LogLevel.Information, Message = "Account {AccountId} deducted {Amount} credits ({Reason}); {Available} available")]
    public static partial void Deducted(this ILogger logger, string accountId, long amount, string reason, long available);

    [LoggerMessage(Level = LogLevel.Information, Message = "Account {AccountId} added API key {KeyId}")]
    public static partial void KeyAdded(this ILogger logger, string accountId, string keyId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Account {AccountId} revoked API key {KeyId}")]
    public static partial void KeyRevoked(this ILogger logger, string accountId, string keyId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Account {AccountId} released {Amount} credits held by task {TaskId}: the task was never created")]
    public static partial void OrphanReleased(this ILogger logger, string accountId, string taskId, long amount);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Account {AccountId} could not resume task {TaskId} of an open reservation; will retry")]
    public static partial void ResumeFailed(this ILogger logger, Exception exception, string accountId, string taskId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Account {AccountId} could not unregister its reconcile reminder; will retry")]
    public static partial void ReconcilerStopFailed(this ILogger logger, Exception exception, string accountId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Account {AccountId} could not write its checkpoint; the ledger entries after the last one are replayed at activation")]
    public static partial void CheckpointFailed(this ILogger logger, Exception exception, string accountId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Account {AccountId} could not re-read its state after a failed write; deactivating")]
    public static partial void RestoreFailed(this ILogger logger, Exception exception, string accountId);
}
