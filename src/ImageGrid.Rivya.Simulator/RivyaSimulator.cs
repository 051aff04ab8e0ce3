using ImageGrid.Rivya.Simulator.Accounts;
using ImageGrid.Rivya.Simulator.Control;
using ImageGrid.Rivya.Simulator.Faults;
using ImageGrid.Rivya.Simulator.Files;
using ImageGrid.Rivya.Simulator.Http;
using ImageGrid.Rivya.Simulator.Images;
using ImageGrid.Rivya.Simulator.Scripts;
using ImageGrid.Rivya.Simulator.Tasks;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace ImageGrid.Rivya.Simulator;

/// <summary>Builds the Rivya v1 simulator, standalone (<c>Program</c>) or in-process in another host or a test.</summary>
public static class RivyaSimulator
{
    /// <summary>Where the simulator listens when no URL is configured (<c>--urls</c>, <c>ASPNETCORE_URLS</c>, ...).</summary>
    public const string DefaultUrl = "http://127.0.0.1:5090";

    /// <summary>
    /// Builds (does not start) the simulator. <paramref name="args"/> are ASP.NET Core arguments such as
    /// <c>--urls=http://127.0.0.1:0</c> or <c>--Simulator:QueuedDuration=00:00:00.300</c>; <paramref name="configure"/>
    /// runs after configuration binding. After start, <c>app.Urls</c> holds the bound addresses.
    /// </summary>
    public static WebApplication Build(string[] args, Action<SimulatorOptions>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ApplicationName = typeof(RivyaSimulator).Assembly.GetName().Name,
        });
        UseEnvironmentAndCommandLineOnly(builder.Configuration, args);
        if (!HasListenAddress(builder.Configuration))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        // Request lines name control paths, which can carry API keys; keys are never logged.
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Warning);
        AddSimulator(builder.Services, builder.Configuration, configure);

        var app = builder.Build();
        MapSimulator(app);
        return app;
    }

    /// <summary>
    /// Drops the JSON settings files: in-process, the current directory is the host's, and its appsettings.json (Kestrel
    /// endpoints, logging) must not configure the simulator. What the settings files would give comes first as defaults.
    /// </summary>
    private static void UseEnvironmentAndCommandLineOnly(ConfigurationManager configuration, string[] args)
    {
        configuration.Sources.Clear();
        configuration
            .AddInMemoryCollection([new("Logging:LogLevel:Default", "Information"), new("Logging:LogLevel:Microsoft.AspNetCore", "Warning")])
            .AddEnvironmentVariables("ASPNETCORE_")
            .AddEnvironmentVariables()
            .AddCommandLine(args);
    }

    private static bool HasListenAddress(IConfiguration configuration) =>
        !string.IsNullOrEmpty(configuration[WebHostDefaults.ServerUrlsKey])
        || !string.IsNullOrEmpty(configuration[WebHostDefaults.HttpPortsKey])
        || !string.IsNullOrEmpty(configuration[WebHostDefaults.HttpsPortsKey])
        || configuration.GetSection("Kestrel:Endpoints").Exists();

    private static void AddSimulator(IServiceCollection services, IConfiguration configuration, Action<SimulatorOptions>? configure)
    {
        services.AddOptions<SimulatorOptions>()
            .Bind(configuration.GetSection(SimulatorOptions.SectionName))
            .Configure(options => configure?.Invoke(options))
            .PostConfigure(options =>
            {
                if (options.ApiKeys.Count == 0)
                {
                    options.ApiKeys.Add(SimulatorOptions.DefaultApiKey);
                }
            })
            .Validate(options => options.QueuedDuration >= TimeSpan.Zero && options.RunningDuration >= TimeSpan.Zero, "Durations must not be negative.")
            .Validate(options => options.RateLimitPermitsPerSecond > 0 && options.RateLimitBurst > 0, "Rate limits must be positive.")
            .Validate(options => options.InitialCredits >= 0, "InitialCredits must not be negative.")
            .Validate(
                options => options.PublicBaseUrl is null || Uri.TryCreate(options.PublicBaseUrl, UriKind.Absolute, out _),
                "PublicBaseUrl must be an absolute URL.")
            .ValidateOnStart();

        services.AddSingleton<IValidateOptions<SimulatorOptions>, DurationOptionsValidator>();

        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<DurationSampler>();
        services.AddSingleton<TaskStore>();
        services.AddSingleton<AccountBook>();
        services.AddSingleton<TaskCreator>();
        services.AddSingleton<FaultBook>();
        services.AddSingleton<ScriptBook>();
        services.AddSingleton<FileStore>();
        services.AddSingleton<SimulatorStats>();
        services.AddSingleton<PublicBaseUrl>();
        services.AddSingleton(provider => new SimulatorControl(
            provider.GetRequiredService<TaskStore>(),
            provider.GetRequiredService<AccountBook>(),
            provider.GetRequiredService<FaultBook>(),
            provider.GetRequiredService<ScriptBook>(),
            provider.GetRequiredService<SimulatorStats>(),
            provider.GetRequiredService<TimeProvider>()));

        // The core alone: the full AddAuthentication also brings data protection, which writes a key ring to disk at start.
        services.AddAuthenticationCore(options =>
        {
            options.AddScheme<ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, displayName: null);
            options.DefaultScheme = ApiKeyAuthenticationHandler.SchemeName;
        });
        services.AddWebEncoders();
        services.AddAuthorization();
        services.AddApiKeyRateLimiting();
        // Unreadable control bodies then reach ApiExceptionHandler and get an error body that says what was wrong.
        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
    }

    private static void MapSimulator(WebApplication app)
    {
        app.UseExceptionHandler(ApiExceptionHandler.Options());
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();

        var api = app.MapGroup("/api/v1").RequireAuthorization().RequireRateLimiting(ApiKeyRateLimiting.PolicyName);
        TaskEndpoints.Map(api);
        FileEndpoints.MapUpload(api);
        ResultEndpoints.Map(app);
        FileEndpoints.MapDownload(app);
        ControlEndpoints.Map(app);
    }
}
