using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ImageGrid.Server.Tests.Infrastructure;

/// <summary>
/// A server of its own whose log entries from Debug up are captured (<see cref="Logs"/>) rather than printed, with the
/// levels production configures for the framework (appsettings.json). Each call's end is marked by ASP.NET Core's
/// "Request finished" entry, captured at Information from <see cref="RequestEndCategory"/> only.
/// </summary>
public sealed class LogCaptureFixture : ImageGridFixture
{
    public const string RequestEndCategory = "Microsoft.AspNetCore.Hosting.Diagnostics";

    public CapturedLogs Logs { get; } = new();

    protected override IEnumerable<string> ServerArguments(string simulatorUrl) =>
    [
        .. base.ServerArguments(simulatorUrl),
        "--Logging:LogLevel:Default=Debug",
        "--Logging:LogLevel:ImageGrid=Debug",
        "--Logging:LogLevel:Microsoft.AspNetCore=Warning",
        $"--Logging:LogLevel:{RequestEndCategory}=Information",
        "--Logging:LogLevel:Orleans=Warning",
        "--Logging:LogLevel:Polly=Warning",
        "--Logging:LogLevel:System.Net.Http.HttpClient=Warning",
        "--Logging:Console:LogLevel:Default=None",
    ];

    protected override void OnServerBuilt(IServiceProvider services) =>
        services.GetRequiredService<ILoggerFactory>().AddProvider(Logs);

    /// <summary>Waits until the server has finished a call to <paramref name="method"/> begun after the mark.</summary>
    public Task WaitForRequestEndAsync(int mark, string method) => Logs.WaitForAsync(mark,
        entry => entry.Category == RequestEndCategory && entry.Message.Contains("Request finished", StringComparison.Ordinal)
            && entry.Message.Contains(method, StringComparison.Ordinal),
        TimeSpan.FromSeconds(30));

    /// <summary>The entries after the mark, less the request-end markers.</summary>
    public IReadOnlyList<CapturedLogEntry> ServerEntriesSince(int mark) =>
        [.. Logs.Since(mark).Where(entry => entry.Category != RequestEndCategory)];
}
