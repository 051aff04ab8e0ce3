using System.IO.Pipelines;
using System.Runtime.ExceptionServices;
using Grpc.AspNetCore.Server;

namespace ImageGrid.Server.Grpc;

/// <summary>
/// A gRPC call's request body whose failed read surfaces only once the call's cancellation is visible, when the
/// failure comes from the call being aborted. Kestrel, when a client closes its connection or resets its stream, first
/// schedules the cancellation of RequestAborted on the thread pool and then fails the body with an IOException (a read
/// under way, and any later read or AdvanceTo). grpc-dotnet logs a call that failed with an IOException as cancelled
/// (Information, filtered out) if it finds the call's token cancelled, and otherwise as "Error when executing service
/// method" with the stack trace; under load the failure often gets there first.
/// </summary>
public sealed class CallerGoneBodyReader(PipeReader body, HttpContext context, CallerGoneBodyReader.Outcome outcome) : PipeReader
{
    /// <summary>How long a failed read waits for the abort it may follow from; past that it surfaces as it is.</summary>
    public static readonly TimeSpan AbortVisibleWithin = TimeSpan.FromSeconds(5);

    /// <summary>What to do with a call whose read failed because it was aborted.</summary>
    /// <param name="Log">Set when nothing else would log the call's end: its request is read before the service runs.</param>
    public sealed record Outcome(CallOutcomeLog? Log, TimeSpan Wait);

    private IOException? _failedAdvance;

    public override async ValueTask<ReadResult> ReadAsync(CancellationToken cancellationToken = default)
    {
        if (_failedAdvance is { } failure)
        {
            await AwaitAbortAsync(failure);
            ExceptionDispatchInfo.Throw(failure);
        }

        try
        {
            return await body.ReadAsync(cancellationToken);
        }
        catch (IOException e) when (IsAbort(e))
        {
            await AwaitAbortAsync(e);
            throw;
        }
    }

    public override void AdvanceTo(SequencePosition consumed) => AdvanceTo(consumed, consumed);

    public override void AdvanceTo(SequencePosition consumed, SequencePosition examined)
    {
        try
        {
            body.AdvanceTo(consumed, examined);
        }
        catch (IOException e) when (IsAbort(e))
        {
            // AdvanceTo cannot wait: the next read surfaces the failure. Without one, the message was whole and the
            // call goes on to the service, whose next step finds it cancelled.
            _failedAdvance = e;
        }
    }

    /// <summary>What Kestrel fails an aborted body with; a BadHttpRequestException is the server refusing the request.</summary>
    private static bool IsAbort(IOException e) => e is not BadHttpRequestException;

    private async Task AwaitAbortAsync(IOException failure)
    {
        var call = context.Features.Get<IServerCallContextFeature>()?.ServerCallContext;
        var cancellation = call?.CancellationToken ?? context.RequestAborted;
        try
        {
            await Task.Delay(outcome.Wait, cancellation);
        }
        catch (OperationCanceledException)
        {
            outcome.Log?.CallerGone(context.Request.Path.Value ?? "", call is not null && call.Deadline <= DateTime.UtcNow, failure);
        }
    }

    public override bool TryRead(out ReadResult result) => body.TryRead(out result);

    public override void CancelPendingRead() => body.CancelPendingRead();

    public override void Complete(Exception? exception = null) => body.Complete(exception);

    public override ValueTask CompleteAsync(Exception? exception = null) => body.CompleteAsync(exception);
}
