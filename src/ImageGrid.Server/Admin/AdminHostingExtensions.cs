using ImageGrid.Server.Auth;
using ImageGrid.Server.Grpc;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ImageGrid.Server.Admin;

public static class AdminHostingExtensions
{
    /// <summary>
    /// The admin service (<c>imagegrid.v1.ImageGridAdmin</c>) on the same endpoint as the public one, behind its own
    /// key scheme: only <c>Admin:ApiKey</c> opens it, and while that is not set it is closed.
    /// </summary>
    public static WebApplicationBuilder AddImageGridAdmin(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<AdminOptions>().BindConfiguration(AdminOptions.SectionName);
        builder.Services.TryAddSingleton<ErrorMappingInterceptor>();
        builder.Services.TryAddSingleton<CallOutcomeLog>();
        builder.Services.AddDecodingMethods<ImageGridAdminService>(binder => Contracts.V1.ImageGridAdmin.BindService(binder, null));
        builder.Services.AddGrpc().AddServiceOptions<ImageGridAdminService>(options => options.Interceptors.Add<ErrorMappingInterceptor>());
        return builder;
    }

    public static WebApplication MapImageGridAdmin(this WebApplication app)
    {
        app.MapGrpcService<ImageGridAdminService>().PreferDecodingEndpoints().RequireAuthorizationOnMethods(AuthorizationPolicies.AdminKey);
        return app;
    }
}
