using ImageGrid.Catalog;
using ImageGrid.Rivya;
using ImageGrid.Server.Admin;
using ImageGrid.Server.Auth;
using ImageGrid.Server.Hosting;
using OpenTelemetry.Trace;

namespace ImageGrid.Server;

/// <summary>Builds the ImageGrid host: gRPC on Kestrel with a co-hosted Orleans silo.</summary>
public static class ImageGridServer
{
    /// <param name="traceExport">An exporter of traces besides OTLP's (tests use an in-memory one).</param>
    public static async Task<WebApplication> BuildAsync(string[] args, Action<TracerProviderBuilder>? traceExport = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        await EmbeddedRivyaSimulator.StartIfNeededAsync(builder);

        builder.Services.AddRivyaClient();
        builder.Services.AddModelCatalog().AddFilesApiHostAsDefaultReferenceHost();
        builder.AddImageGridGrpc();
        builder.AddImageGridAdmin();
        var traced = builder.AddImageGridTelemetry(traceExport);
        builder.AddImageGridSilo(propagateTraces: traced);
        // After the silo: the demo account is seeded through grains once the silo has started.
        builder.Services.AddDemoAccount();

        var app = builder.Build();
        app.MapImageGridGrpc();
        app.MapImageGridAdmin();
        return app;
    }
}
