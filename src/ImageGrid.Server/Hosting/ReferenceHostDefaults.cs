using ImageGrid.Catalog;
using ImageGrid.Rivya;
using Microsoft.Extensions.Options;

namespace ImageGrid.Server.Hosting;

public static class ReferenceHostDefaults
{
    /// <summary>
    /// When <c>References:AllowedHosts</c> is not configured, reference URLs may point only at the Files API's own host:
    /// the host (and port, when the URL names one) of <c>Rivya:BaseUrl</c>. With the embedded simulator that is
    /// 127.0.0.1 on the simulator's port. A configured list replaces this default; it does not add to it.
    /// </summary>
    public static IServiceCollection AddFilesApiHostAsDefaultReferenceHost(this IServiceCollection services)
    {
        services.AddOptions<ReferenceOptions>().PostConfigure<IOptions<RivyaOptions>>((references, rivya) =>
        {
            if (references.AllowedHosts.Count == 0 && Uri.TryCreate(rivya.Value.BaseUrl, UriKind.Absolute, out var baseUrl))
            {
                references.AllowedHosts.Add(baseUrl.Authority);
            }
        });
        return services;
    }
}
