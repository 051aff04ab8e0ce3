using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ImageGrid.Catalog.Tests;

/// <summary>A container wired the way the host wires it, over in-memory configuration.</summary>
internal static class CatalogServices
{
    /// <summary>Unless the settings list reference hosts, the host <see cref="Inputs.Reference"/> uses is allowed.</summary>
    public static ServiceProvider Build(IEnumerable<KeyValuePair<string, string?>> settings)
    {
        var all = settings.ToList();
        if (!all.Any(setting => setting.Key.StartsWith("References:AllowedHosts", StringComparison.Ordinal)))
        {
            all.Add(new("References:AllowedHosts:0", ReferenceHosts.Cdn));
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(all).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddModelCatalog();
        return services.BuildServiceProvider();
    }
}
