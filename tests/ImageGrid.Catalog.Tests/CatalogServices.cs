using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ImageGrid.Catalog.Tests;

/// <summary>A container wired the way the host wires it, over in-memory configuration.</summary>
internal static class CatalogServices
{
    public static ServiceProvider Build(IEnumerable<KeyValuePair<string, string?>> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddModelCatalog();
        return services.BuildServiceProvider();
    }
}
