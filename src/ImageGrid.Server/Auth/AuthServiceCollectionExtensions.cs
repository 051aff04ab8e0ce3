using System.Security.Cryptography;

namespace ImageGrid.Server.Auth;

public static class AuthServiceCollectionExtensions
{
    /// <summary>The demo account of the embedded default; seeded after the silo has started.</summary>
    public static IServiceCollection AddDemoAccount(this IServiceCollection services)
    {
        services.AddOptions<DemoAccountOptions>().BindConfiguration(DemoAccountOptions.SectionName);
        services.AddSingleton<GeneratedDemoKey>();
        services.AddHostedService<DemoAccountSeeder>();
        return services;
    }
}

/// <summary>A demo key made for this process when none is configured.</summary>
public sealed class GeneratedDemoKey
{
    public string Value { get; } = "igk_demo_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
}
