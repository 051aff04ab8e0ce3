namespace ImageGrid.Server.References;

public static class ReferenceServiceCollectionExtensions
{
    /// <summary>UploadReference and the resolution of CreateImage references given by file id.</summary>
    public static IServiceCollection AddReferenceUploads(this IServiceCollection services)
    {
        services.AddSingleton<ImageDecoding>();
        services.AddSingleton<ReferenceUploads>();
        services.AddSingleton<ReferenceResolver>();
        return services;
    }
}
