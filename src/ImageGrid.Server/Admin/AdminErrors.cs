using Grpc.Core;

namespace ImageGrid.Server.Admin;

/// <summary>The admin service's own errors (invalid arguments go through <see cref="Grpc.RpcErrors.InvalidArgument"/>).</summary>
public static class AdminErrors
{
    public static RpcException AccountNotFound(string accountId) =>
        new(new Status(StatusCode.NotFound, $"No account '{accountId}' exists."));

    public static RpcException KeyNotFound(string accountId, string keyId) =>
        new(new Status(StatusCode.NotFound, $"Account '{accountId}' has no API key '{keyId}'."));

    public static RpcException InsufficientCredits(long requested, long available) =>
        new(new Status(StatusCode.FailedPrecondition,
            $"Cannot deduct {requested} credits: only {available} are available (credits reserved for running tasks cannot be deducted)."));
}
