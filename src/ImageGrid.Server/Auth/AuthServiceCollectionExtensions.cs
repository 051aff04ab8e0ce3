using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace ImageGrid.Server.Auth;

public static class AuthServiceCollectionExtensions
{
    /// <summary>
    /// Registers the demo account's key. When <c>Demo:ApiKey</c> is not configured a key is generated and printed to
    /// the console once the server has started (the only place a key is ever shown).
    /// </summary>
    public static IServiceCollection AddDemoAccount(this IServiceCollection services)
    {
        services.AddOptions<DemoAccountOptions>().BindConfiguration(DemoAccountOptions.SectionName);
        services.AddSingleton<GeneratedDemoKey>();
        services.AddSingleton(provider =>
        {
            var options = provider.GetRequiredService<IOptions<DemoAccountOptions>>().Value;
            var key = string.IsNullOrWhiteSpace(options.ApiKey) ? provider.GetRequiredService<GeneratedDemoKey>().Value : options.ApiKey;
            return new ApiKeyRegistry([new(key, options.AccountId)]);
        });
        services.AddHostedService<DemoKeyAnnouncer>();
        return services;
    }
}

/// <summary>A demo key made for this process when none is configured.</summary>
public sealed class GeneratedDemoKey
{
    public string Value { get; } = "igk_demo_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
}
