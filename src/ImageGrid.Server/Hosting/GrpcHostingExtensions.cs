using ImageGrid.Server.Auth;
using ImageGrid.Server.Diagnostics;
using ImageGrid.Server.Grpc;
using ImageGrid.Server.References;
using ImageGrid.Server.Web;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ImageGrid.Server.Hosting;

/// <summary>The management endpoint's port, when one is configured.</summary>
public sealed record ManagementPort(int? Port);

public static class GrpcHostingExtensions
{
    public const string DefaultUrl = "http://127.0.0.1:5080";

    /// <summary>
    /// Message size limits are set on purpose: 4 MB requests (references travel by URL or file id; UploadReference
    /// streams 64 KB chunks, each one message), 16 MB responses.
    /// </summary>
    private const int MaxReceiveMessageBytes = 4 * 1024 * 1024;
    private const int MaxSendMessageBytes = 16 * 1024 * 1024;

    /// <summary>
    /// Metadata limits are set on purpose too: one header at most 8 KB and all together at most 16 KB, name and value
    /// as decoded (an API key and tracing headers need far less), enforced by <see cref="RequestHeaderLimits"/> before
    /// any handler runs. Kestrel's own limits stay at twice that, as the hard bound on what it decodes at all: its
    /// per-field limit counts the octets on the wire (Huffman-coded by HPACK), so it cannot enforce the decoded size.
    /// </summary>
    public const int KestrelMaxRequestHeadersTotalBytes = 2 * RequestHeaderLimits.MaxTotalBytes;
    public const int KestrelMaxRequestHeaderFieldBytes = 2 * RequestHeaderLimits.MaxHeaderBytes;

    /// <summary>
    /// Kestrel's default, kept on purpose: every WatchTask/WatchTasks holds a stream open, and 100 concurrent calls per
    /// connection bounds what one connection can make the server hold; a client that needs more opens more connections
    /// (SocketsHttpHandler.EnableMultipleHttp2Connections) or queues.
    /// </summary>
    public const int MaxStreamsPerConnection = 100;

    /// <summary>
    /// gRPC over cleartext HTTP/2 (prior knowledge) on 127.0.0.1:5080 unless --urls / ASPNETCORE_URLS says otherwise.
    /// The management and dashboard endpoints, when on, are added to the server's addresses.
    /// </summary>
    public static WebApplicationBuilder AddImageGridGrpc(this WebApplicationBuilder builder, HostingMode mode)
    {
        var grpcUrls = builder.WebHost.GetSetting(WebHostDefaults.ServerUrlsKey);
        if (string.IsNullOrEmpty(grpcUrls))
        {
            grpcUrls = DefaultUrl;
        }

        var managementUrl = ManagementEndpoint.UrlOf(builder.Configuration);
        var webUrl = WebEndpoint.UrlOf(builder.Configuration, mode);
        builder.WebHost.UseUrls(string.Join(';', new[] { grpcUrls, managementUrl, webUrl }.OfType<string>()));
        var managementPort = ManagementEndpoint.PortOf(builder.Configuration);
        var webPort = WebEndpoint.PortOf(webUrl);
        builder.Services.AddSingleton(new ManagementPort(managementPort));
        builder.Services.AddSingleton(new WebPort(webPort));
        builder.WebHost.ConfigureKestrel(kestrel =>
            kestrel.ConfigureEndpointDefaults(endpoint => endpoint.Protocols = EndpointProtocols.For(endpoint, managementPort, webPort)));

        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.MaxRequestHeadersTotalSize = KestrelMaxRequestHeadersTotalBytes;
            kestrel.Limits.Http2.MaxRequestHeaderFieldSize = KestrelMaxRequestHeaderFieldBytes;
            kestrel.Limits.Http2.MaxStreamsPerConnection = MaxStreamsPerConnection;
        });
        DrainBoundedServer.Register(builder.Services);

        builder.Services.AddGrpc(options =>
        {
            options.MaxReceiveMessageSize = MaxReceiveMessageBytes;
            options.MaxSendMessageSize = MaxSendMessageBytes;
        }).AddServiceOptions<ImageGridService>(options =>
        {
            options.Interceptors.Add<ErrorMappingInterceptor>();
            options.Interceptors.Add<CallScopeInterceptor>();
        });
        builder.Services.AddGrpcReflectionWithErrorDetails();
        builder.Services.AddGrpcHealthChecks()
            .AddCheck("self", () => Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckResult.Healthy(), tags: [ManagementEndpoint.LiveTag])
            .AddReadinessChecks(mode.Storage);
        builder.Services.AddDecodingMethods<ImageGridService>(binder => Contracts.V1.ImageGrid.BindService(binder, null));
        builder.Logging.LeaveCallOutcomesToInterceptors(builder.Configuration);
        builder.Services.AddImageGridAuthorization();
        builder.Services.TryAddSingleton<ErrorMappingInterceptor>();
        builder.Services.TryAddSingleton<CallOutcomeLog>();
        builder.Services.AddSingleton<CallScopeInterceptor>();
        builder.Services.AddSingleton<TaskVersionFollower>();
        builder.Services.AddSingleton<TaskFeeds>();
        builder.Services.AddSingleton<TaskWatchRelay>();
        builder.Services.AddSingleton<AccountWatchRelay>();
        builder.Services.AddSingleton<WatchStreams>();
        builder.Services.AddHostedService<WatchKeyRevalidator>();
        builder.Services.AddOptions<WatchKeyOptions>()
            .BindConfiguration(WatchKeyOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddReferenceUploads();
        builder.Services.AddOptions<AccountWatchOptions>()
            .BindConfiguration(AccountWatchOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<WatchMetrics>();
        return builder;
    }

    public static WebApplication MapImageGridGrpc(this WebApplication app)
    {
        // Before the header limits, so that a refusal reaches a browser as gRPC-Web too.
        app.UseDashboardGrpcWeb();
        app.UseRequestHeaderLimits();
        // Called here so that they run after gRPC-Web's translation (WebApplication would add them first otherwise).
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseCallerGoneBodyReads();
        app.MapGrpcService<ImageGridService>().PreferDecodingEndpoints().EnableGrpcWeb().RequireAuthorizationOnMethods(AuthorizationPolicies.ApiKey);
        app.MapGrpcHealthChecksService();
        app.MapGrpcReflectionService();
        app.MapManagementEndpoints(app.Services.GetRequiredService<ManagementPort>().Port);
        return app;
    }
}
