namespace ImageGrid.Server.References;

public static class ReferenceServiceCollectionExtensions
{
    /// <summary>UploadReference and the resolution of CreateImage references given by file id.</summary>
    public static IServiceCollection AddReferenceUploads(this IServiceCollection services)
    {
        services.AddSingleton<ImageDecoding>();
        // Scoped like the gRPC service: it holds the typed Rivya HttpClient, which must not be captured by a singleton.
        services.AddScoped<ReferenceUploads>();
        services.AddSingleton<ReferenceResolver>();
        return services;
    }
}
