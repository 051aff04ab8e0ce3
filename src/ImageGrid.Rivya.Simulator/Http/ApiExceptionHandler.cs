using ImageGrid.Rivya.Simulator.Contract;
using Microsoft.AspNetCore.Diagnostics;

namespace ImageGrid.Rivya.Simulator.Http;

/// <summary>Answers failed requests in Rivya's error shape: unreadable ones as the client's error, anything else as 500 <c>internal</c>.</summary>
internal static class ApiExceptionHandler
{
    public static ExceptionHandlerOptions Options() => new()
    {
        ExceptionHandler = WriteErrorAsync,
        // A bad request is the client's mistake, answered with a message; only the simulator's own failures are logged.
        SuppressDiagnosticsCallback = context => context.Exception is BadHttpRequestException,
    };

    private static Task WriteErrorAsync(HttpContext httpContext)
    {
        var exception = httpContext.Features.Get<IExceptionHandlerFeature>()?.Error;
        var result = exception is BadHttpRequestException badRequest
            ? ApiErrorResult.ForStatus(badRequest.StatusCode, Describe(badRequest))
            : new ApiErrorResult(StatusCodes.Status500InternalServerError, ErrorCodes.Internal, "The simulator failed unexpectedly.");
        return result.ExecuteAsync(httpContext);
    }

    private static string Describe(BadHttpRequestException exception) =>
        exception.InnerException is { } cause ? $"{exception.Message} {cause.Message}" : exception.Message;
}
