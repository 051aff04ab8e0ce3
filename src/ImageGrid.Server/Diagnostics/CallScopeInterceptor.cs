using Grpc.Core;
using Grpc.Core.Interceptors;
using ImageGrid.Contracts.V1;
using ImageGrid.Grains.Diagnostics;
using ImageGrid.Server.Auth;
using ImageGrid.Server.Grpc;

namespace ImageGrid.Server.Diagnostics;

/// <summary>
/// Runs after authentication: every log line of the call carries the caller's account id (and the task id, for calls
/// about one task), and the call's span gets them as attributes. Never the key.
/// </summary>
public sealed class CallScopeInterceptor(ILogger<CallScopeInterceptor> logger) : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        using var scope = Begin(request, context);
        return await continuation(request, context);
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        using var scope = Begin(request, context);
        await continuation(request, responseStream, context);
    }

    public override async Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        using var scope = Begin(null, context);
        return await continuation(requestStream, context);
    }

    public override async Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        using var scope = Begin(null, context);
        await continuation(requestStream, responseStream, context);
    }

    private IDisposable? Begin(object? request, ServerCallContext context)
    {
        var account = CallerAccount.Get(context);
        var taskId = request switch
        {
            GetTaskRequest get => get.TaskId,
            WatchTaskRequest watch => watch.TaskId,
            _ => "",
        };
        // Only an id of ImageGrid's own shape: anything else is client text, not fit for a log scope.
        if (!TaskIds.IsWellFormed(taskId))
        {
            TaskTracing.TagAccount(account);
            return TaskLogScope.BeginAccount(logger, account);
        }

        TaskTracing.TagCurrent(taskId, account);
        return TaskLogScope.Begin(logger, taskId, account);
    }
}
