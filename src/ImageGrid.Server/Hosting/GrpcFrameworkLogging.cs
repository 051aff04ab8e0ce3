namespace ImageGrid.Server.Hosting;

public static class GrpcFrameworkLogging
{
    public const string CallHandlerCategory = "Grpc.AspNetCore.Server.ServerCallHandler";

    /// <summary>
    /// grpc-dotnet logs under <see cref="CallHandlerCategory"/>, at levels fixed in the library, every non-OK status at
    /// Information with its detail verbatim (the detail often quotes what the client sent: a forged log line), and every
    /// cancelled call and failed read or write of a departed client at Information with the whole stack trace.
    /// ErrorMappingInterceptor logs each call's outcome instead, one line at a level that fits it, with client text
    /// escaped; so only the framework's warnings and errors pass here, unless the configuration names this category.
    /// A departed client's failed read counts as cancelled only if the call's cancellation is visible by then, which
    /// CallerGoneBodyReader sees to.
    /// </summary>
    public static ILoggingBuilder LeaveCallOutcomesToInterceptors(this ILoggingBuilder logging, IConfiguration configuration)
    {
        if (configuration[$"Logging:LogLevel:{CallHandlerCategory}"] is null)
        {
            logging.AddFilter(CallHandlerCategory, LogLevel.Warning);
        }

        return logging;
    }
}
