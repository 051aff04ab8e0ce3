using ImageGrid.Catalog;
using ImageGrid.Rivya;
using ImageGrid.Server.Admin;
using ImageGrid.Server.Auth;
using ImageGrid.Server.Hosting;
using ImageGrid.Server.Web;
using OpenTelemetry.Trace;

namespace ImageGrid.Server;

/// <summary>Builds the ImageGrid host: gRPC on Kestrel with a co-hosted Orleans silo.</summary>
public static class ImageGridServer
{
    /// <summary>
    /// Runs the server until it is stopped. A start that fails for a reason the operator fixes (a setting, a busy port)
    /// prints one line to stderr saying what to do and returns 1.
    /// </summary>
    public static async Task<int> RunAsync(string[] args)
    {
        WebApplication? app = null;
        try
        {
            try
            {
                app = await BuildAsync(args);
                await app.StartAsync();
            }
            catch (Exception failure) when (Report(failure, app))
            {
                return 1;
            }

            await app.WaitForShutdownAsync();
            return 0;
        }
        finally
        {
            if (app is not null)
            {
                await app.DisposeAsync();
            }
        }
    }

    /// <param name="traceExport">An exporter of traces besides OTLP's (tests use an in-memory one).</param>
    public static async Task<WebApplication> BuildAsync(string[] args, Action<TracerProviderBuilder>? traceExport = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        var startupLogs = StartupLogFilter.AddTo(builder);
        builder.Services.AddSingleton(startupLogs);
        var mode = HostingMode.From(builder.Configuration);
        ProductionSettings.Require(builder.Configuration, mode);
        await EmbeddedRivyaSimulator.StartIfNeededAsync(builder, mode);

        builder.Services.AddRivyaClient();
        builder.Services.AddModelCatalog().AddFilesApiHostAsDefaultReferenceHost();
        builder.AddImageGridGrpc(mode);
        builder.AddImageGridAdmin();
        var traced = builder.AddImageGridTelemetry(traceExport);
        builder.AddImageGridSilo(propagateTraces: traced);
        // After the silo: the demo account is seeded through grains once the silo has started.
        builder.Services.AddDemoAccount(builder.Configuration, mode);

        var app = builder.Build();
        app.Lifetime.ApplicationStarted.Register(startupLogs.OnStarted);
        app.MapImageGridGrpc();
        app.MapImageGridAdmin();
        app.MapDashboardPage();
        return app;
    }

    private static bool Report(Exception failure, WebApplication? app)
    {
        var lines = StartupFailures.Describe(failure, app?.Configuration ?? new ConfigurationManager());
        if (lines.Count == 0)
        {
            return false;
        }

        app?.Services.GetRequiredService<StartupLogFilter>().OnFailed();
        foreach (var line in lines)
        {
            Console.Error.WriteLine(line);
        }

        return true;
    }
}
