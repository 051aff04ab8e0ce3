using Grpc.AspNetCore.Web;

namespace ImageGrid.Server.Web;

/// <summary>
/// The dashboard endpoint serves the page and gRPC-Web for the ImageGrid service, nothing else: the page calls the
/// same service with the user's API key. Requests are told apart by the port they arrived on, not by the Host header,
/// which a proxy or a container's port mapping rewrites.
/// </summary>
public static class DashboardHostingExtensions
{
    /// <summary>
    /// The page allows scripts, styles and calls from its own origin only; images also from elsewhere, as the result
    /// URLs are Rivya's.
    /// </summary>
    private const string ContentSecurityPolicy =
        "default-src 'self'; img-src 'self' http: https: data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

    /// <summary>Translates gRPC-Web to gRPC for the services that enable it, on the dashboard's port only.</summary>
    public static WebApplication UseDashboardGrpcWeb(this WebApplication app)
    {
        if (app.Services.GetRequiredService<WebPort>().Port is { } port)
        {
            app.UseWhen(context => context.Connection.LocalPort == port, web => web.UseGrpcWeb(new GrpcWebOptions { DefaultEnabled = false }));
        }

        return app;
    }

    public static WebApplication MapDashboardPage(this WebApplication app)
    {
        if (app.Services.GetRequiredService<WebPort>().Port is not { } port)
        {
            return app;
        }

        var assets = DashboardAssets.Load();
        app.UseWhen(context => context.Connection.LocalPort == port, web => web.Use(async (context, next) =>
        {
            if (!(HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method))
                || !assets.TryGet(context.Request.Path.Value ?? "/", out var asset))
            {
                await next(context);
                return;
            }

            var headers = context.Response.Headers;
            headers.ContentType = asset.ContentType;
            headers.CacheControl = "no-cache";
            headers.XContentTypeOptions = "nosniff";
            headers.ContentSecurityPolicy = ContentSecurityPolicy;
            context.Response.ContentLength = asset.Content.Length;
            if (HttpMethods.IsGet(context.Request.Method))
            {
                await context.Response.Body.WriteAsync(asset.Content, context.RequestAborted);
            }
        }));
        return app;
    }
}
