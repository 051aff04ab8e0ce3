using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace ImageGrid.Catalog;

public static class CatalogServiceCollectionExtensions
{
    /// <summary>
    /// Binds <see cref="CatalogOptions"/> from the <c>Catalog</c> configuration section, validates it at
    /// start, and registers <see cref="ModelCatalog"/> and <see cref="ImageRequestValidator"/> as singletons.
    /// </summary>
    public static IServiceCollection AddModelCatalog(this IServiceCollection services)
    {
        services.AddOptions<CatalogOptions>()
            .BindConfiguration(CatalogOptions.SectionName)
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CatalogOptions>, CatalogOptionsValidator>());
        services.TryAddSingleton(provider => new ModelCatalog(provider.GetRequiredService<IOptions<CatalogOptions>>().Value));
        services.TryAddSingleton<ImageRequestValidator>();
        return services;
    }
}
