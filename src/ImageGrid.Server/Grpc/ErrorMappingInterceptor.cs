using Grpc.Core;
using Grpc.Core.Interceptors;

namespace ImageGrid.Server.Grpc;

/// <summary>
/// Turns failures that are not the caller's fault into statuses a client can act on: cluster trouble is UNAVAILABLE
/// (retry), anything else INTERNAL with no internals in the message. Errors already expressed as RpcException pass.
/// </summary>
public sealed partial class ErrorMappingInterceptor(ILogger<ErrorMappingInterceptor> logger) : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(request, context);
        }
        catch (Exception e) when (e is not RpcException && !IsCallerCancellation(e, context))
        {
            throw Map(e, context);
        }
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(request, responseStream, context);
        }
        catch (Exception e) when (e is not RpcException && !IsCallerCancellation(e, context))
        {
            throw Map(e, context);
        }
    }

    public override async Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(requestStream, context);
        }
        catch (Exception e) when (e is not RpcException && !IsCallerCancellation(e, context))
        {
            throw Map(e, context);
        }
    }

    private static bool IsCallerCancellation(Exception e, ServerCallContext context) =>
        e is OperationCanceledException && context.CancellationToken.IsCancellationRequested;

    private RpcException Map(Exception e, ServerCallContext context)
    {
        if (e is OrleansException or TimeoutException or SiloUnavailableException)
        {
            LogUnavailable(context.Method, e);
            return new RpcException(new Status(StatusCode.Unavailable, "ImageGrid is briefly unavailable; retry the call."));
        }

        LogInternal(context.Method, e);
        return new RpcException(new Status(StatusCode.Internal, "ImageGrid failed to handle the call; the error is logged."));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Method} failed with a retryable cluster error")]
    private partial void LogUnavailable(string method, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Method} failed")]
    private partial void LogInternal(string method, Exception exception);
}
