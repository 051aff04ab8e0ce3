using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace ImageGrid.Catalog;

public static class CatalogServiceCollectionExtensions
{
    /// <summary>
    /// Binds <see cref="CatalogOptions"/> from the <c>Catalog</c> configuration section and <see cref="ReferenceOptions"/>
    /// from <c>References</c>, validates both at start, and registers <see cref="ModelCatalog"/>, the reference host
    /// host policy (<see cref="IReferenceHostPolicy"/>) and <see cref="ImageRequestValidator"/> as singletons.
    /// </summary>
    public static IServiceCollection AddModelCatalog(this IServiceCollection services)
    {
        services.AddOptions<CatalogOptions>()
            .BindConfiguration(CatalogOptions.SectionName)
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CatalogOptions>, CatalogOptionsValidator>());
        services.AddOptions<ReferenceOptions>()
            .BindConfiguration(ReferenceOptions.SectionName)
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ReferenceOptions>, ReferenceOptionsValidator>());
        services.TryAddSingleton(provider => new ModelCatalog(provider.GetRequiredService<IOptions<CatalogOptions>>().Value));
        services.TryAddSingleton<IReferenceHostPolicy>(provider =>
        {
            var references = provider.GetRequiredService<IOptions<ReferenceOptions>>().Value;
            return new ReferenceHostAllowList(references.AllowedHosts, references.FilesHost);
        });
        services.TryAddSingleton<ImageRequestValidator>();
        return services;
    }
}
