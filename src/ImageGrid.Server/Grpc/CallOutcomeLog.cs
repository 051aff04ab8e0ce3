using Grpc.Core;
using ImageGrid.Grains;

namespace ImageGrid.Server.Grpc;

/// <summary>
/// One line per call that does not end OK, at a level that says whose problem it is: a client's mistake at Information
/// (never above, with a key or without one), an ended or cancelled call at Debug, the server's own trouble at Warning or
/// Error. The status detail may quote what the client sent, so it is logged escaped (<see cref="LogText"/>).
/// </summary>
public sealed partial class CallOutcomeLog(ILogger<CallOutcomeLog> logger)
{
    /// <param name="method">The call's path, as <see cref="ServerCallContext.Method"/>; also for a call refused before it reached a service.</param>
    public void Answered(string method, RpcException error)
    {
        if (error is UndecodableRequestException)
        {
            return; // logged where it was decoded, at Debug
        }

        var detail = LogText.Escape(error.Status.Detail);
        switch (error.StatusCode)
        {
            case StatusCode.OK:
                break;
            case StatusCode.Cancelled or StatusCode.DeadlineExceeded or StatusCode.Unavailable:
                LogEnded(method, error.StatusCode, detail);
                break;
            case StatusCode.Internal or StatusCode.Unknown or StatusCode.DataLoss or StatusCode.Unimplemented:
                LogServerError(method, error.StatusCode, detail);
                break;
            default:
                LogClientError(method, error.StatusCode, detail);
                break;
        }
    }

    public void CallerGone(string method, bool deadlinePassed, Exception surfacedAs) =>
        LogCallerGone(method, deadlinePassed ? "its deadline passed" : "the caller cancelled or left", surfacedAs.GetType().Name);

    public void Unavailable(string method, Exception exception) => LogUnavailable(method, exception);

    public void Internal(string method, Exception exception) => LogInternal(method, exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Method} answered {StatusCode}: {Detail}")]
    private partial void LogClientError(string method, StatusCode statusCode, string detail);

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Method} ended {StatusCode}: {Detail}")]
    private partial void LogEnded(string method, StatusCode statusCode, string detail);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Method} answered {StatusCode}: {Detail}")]
    private partial void LogServerError(string method, StatusCode statusCode, string detail);

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Method} ended early: {Reason} ({SurfacedAs})")]
    private partial void LogCallerGone(string method, string reason, string surfacedAs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Method} failed with a retryable cluster error")]
    private partial void LogUnavailable(string method, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Method} failed")]
    private partial void LogInternal(string method, Exception exception);
}
