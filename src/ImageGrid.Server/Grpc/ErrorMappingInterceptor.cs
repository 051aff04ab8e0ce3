using Grpc.Core;
using Grpc.Core.Interceptors;

namespace ImageGrid.Server.Grpc;

/// <summary>
/// Turns failures that are not the caller's fault into statuses a client can act on: cluster trouble is UNAVAILABLE
/// (retry), anything else INTERNAL with no internals in the message. Errors already expressed as RpcException pass.
/// Logs each call that does not end OK in one line (<see cref="CallOutcomeLog"/>): a call its caller cancelled, or whose
/// caller left or let the deadline pass, ends quietly at Debug, whatever exception the cancellation surfaced as.
/// </summary>
public sealed class ErrorMappingInterceptor(CallOutcomeLog log) : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(request, context);
        }
        catch (Exception e)
        {
            throw Failed(e, context);
        }
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(request, responseStream, context);
        }
        catch (Exception e) when (e is not RpcException && IsCallerGone(context))
        {
            // Nobody reads the stream's status any more: ending without an exception keeps grpc-dotnet from logging it.
            log.CallerGone(context.Method, context.Deadline <= DateTime.UtcNow, e);
        }
        catch (Exception e)
        {
            throw Failed(e, context);
        }
    }

    public override async Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(requestStream, context);
        }
        catch (Exception e)
        {
            throw Failed(e, context);
        }
    }

    private RpcException Failed(Exception e, ServerCallContext context) =>
        Map(e, log, context.Method, IsCallerGone(context), context.Deadline <= DateTime.UtcNow);

    /// <summary>
    /// The status a failed call answers, its outcome logged in one line. Also for a call that failed before reaching the
    /// service (the lookup of its API key).
    /// </summary>
    public static RpcException Map(Exception e, CallOutcomeLog log, string method, bool callerGone, bool deadlinePassed)
    {
        switch (e)
        {
            case RpcException rpc:
                log.Answered(method, rpc);
                return rpc;
            case var _ when callerGone:
                log.CallerGone(method, deadlinePassed, e);
                return deadlinePassed
                    ? new RpcException(new Status(StatusCode.DeadlineExceeded, "The call's deadline passed."))
                    : new RpcException(new Status(StatusCode.Cancelled, "The call was cancelled."));
            case OrleansException or TimeoutException or SiloUnavailableException:
                log.Unavailable(method, e);
                return new RpcException(new Status(StatusCode.Unavailable, "ImageGrid is briefly unavailable; retry the call."));
            default:
                log.Internal(method, e);
                return new RpcException(new Status(StatusCode.Internal, "ImageGrid failed to handle the call; the error is logged."));
        }
    }

    /// <summary>The caller cancelled, its deadline passed or its connection is gone: what failed next is a consequence.</summary>
    private static bool IsCallerGone(ServerCallContext context) => context.CancellationToken.IsCancellationRequested;
}
