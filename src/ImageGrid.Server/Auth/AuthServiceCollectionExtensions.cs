using System.Security.Cryptography;
using ImageGrid.Server.Hosting;

namespace ImageGrid.Server.Auth;

public static class AuthServiceCollectionExtensions
{
    /// <summary>
    /// The demo account, seeded after the silo has started: always in the embedded default (with a generated key when
    /// none is configured), and on a production-shaped server only when <c>Demo:ApiKey</c> is given explicitly, so a
    /// deployment never grows a demo key by itself.
    /// </summary>
    public static IServiceCollection AddDemoAccount(this IServiceCollection services, IConfiguration configuration, HostingMode mode)
    {
        var configuredKey = configuration[$"{DemoAccountOptions.SectionName}:{nameof(DemoAccountOptions.ApiKey)}"];
        if (!mode.IsEmbeddedDefault && string.IsNullOrWhiteSpace(configuredKey))
        {
            return services;
        }

        services.AddOptions<DemoAccountOptions>().BindConfiguration(DemoAccountOptions.SectionName);
        services.AddSingleton<GeneratedDemoKey>();
        services.AddHostedService<DemoAccountSeeder>();
        return services;
    }
}

/// <summary>A demo key made for this process when none is configured (the embedded default only).</summary>
public sealed class GeneratedDemoKey
{
    public string Value { get; } = "igk_demo_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
}
