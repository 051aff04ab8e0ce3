using ImageGrid.Catalog;
using ImageGrid.Rivya;
using ImageGrid.Server.Auth;
using ImageGrid.Server.Hosting;

namespace ImageGrid.Server;

/// <summary>Builds the ImageGrid host: gRPC on Kestrel with a co-hosted Orleans silo.</summary>
public static class ImageGridServer
{
    public static async Task<WebApplication> BuildAsync(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        await EmbeddedRivyaSimulator.StartIfNeededAsync(builder);

        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddRivyaClient();
        builder.Services.AddModelCatalog();
        builder.Services.AddDemoAccount();
        builder.AddImageGridGrpc();
        builder.AddImageGridSilo();

        var app = builder.Build();
        app.MapImageGridGrpc();
        return app;
    }
}
