using ImageGrid.Catalog;
using ImageGrid.Rivya;
using Microsoft.Extensions.Options;

namespace ImageGrid.Server.Hosting;

public static class ReferenceHostDefaults
{
    /// <summary>
    /// When <c>References:FilesHost</c> is not configured, the Files API's URLs are taken to be on the host and port of
    /// <c>Rivya:BaseUrl</c> (with the embedded simulator, 127.0.0.1 on the simulator's port): on it only the caller's
    /// own uploads and results are accepted as references (docs/rivya-contract.md, B8).
    /// <c>References:AllowedHosts</c> adds other hosts.
    /// </summary>
    public static IServiceCollection AddFilesApiHostAsDefaultReferenceHost(this IServiceCollection services)
    {
        services.AddOptions<ReferenceOptions>().PostConfigure<IOptions<RivyaOptions>>((references, rivya) =>
        {
            if (string.IsNullOrEmpty(references.FilesHost) && Uri.TryCreate(rivya.Value.BaseUrl, UriKind.Absolute, out var baseUrl))
            {
                references.FilesHost = $"{baseUrl.Host}:{baseUrl.Port}";
            }
        });
        return services;
    }
}
