using Grpc.Core;

namespace ImageGrid.Server.Grpc;

/// <summary>Stops a call whose caller has gone or whose deadline has passed, before it does work nobody will see.</summary>
public static class CallDeadline
{
    /// <summary>
    /// Throws when the call is cancelled or past its deadline. The deadline is compared with the clock as well as read
    /// from the cancellation token: gRPC cancels the token only after its deadline timer has run, so a call that
    /// arrives already expired could otherwise get past this point first.
    /// </summary>
    public static void ThrowIfOver(ServerCallContext context, string step)
    {
        context.CancellationToken.ThrowIfCancellationRequested();
        if (context.Deadline <= DateTime.UtcNow)
        {
            throw new RpcException(new Status(StatusCode.DeadlineExceeded, $"The call's deadline passed before {step}; nothing was done. Call again with a later deadline."));
        }
    }
}
