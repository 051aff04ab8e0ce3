using ImageGrid.Server.Grpc;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ImageGrid.Server.Admin;

public static class AdminHostingExtensions
{
    /// <summary>
    /// The admin service (<c>imagegrid.v1.ImageGridAdmin</c>) on the same endpoint as the public one, behind its own
    /// interceptor: only <c>Admin:ApiKey</c> opens it, and while that is not set it is closed.
    /// </summary>
    public static WebApplicationBuilder AddImageGridAdmin(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<AdminOptions>().BindConfiguration(AdminOptions.SectionName);
        builder.Services.TryAddSingleton<ErrorMappingInterceptor>();
        builder.Services.TryAddSingleton<CallOutcomeLog>();
        builder.Services.AddDecodingMethods<ImageGridAdminService>(binder => Contracts.V1.ImageGridAdmin.BindService(binder, null));
        builder.Services.AddSingleton<AdminKeyInterceptor>();
        builder.Services.AddGrpc().AddServiceOptions<ImageGridAdminService>(options =>
        {
            options.Interceptors.Add<ErrorMappingInterceptor>();
            options.Interceptors.Add<AdminKeyInterceptor>();
        });
        return builder;
    }

    public static WebApplication MapImageGridAdmin(this WebApplication app)
    {
        app.MapGrpcService<ImageGridAdminService>().PreferDecodingEndpoints();
        return app;
    }
}
