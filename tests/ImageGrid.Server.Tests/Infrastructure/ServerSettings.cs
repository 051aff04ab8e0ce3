using ImageGrid.Rivya;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ImageGrid.Server.Tests.Infrastructure;

/// <summary>Settings the running server resolved, for tests that must name them.</summary>
public static class ServerSettings
{
    /// <summary>Rivya's base URL as the server uses it: on its host and port are the Files API's URLs.</summary>
    public static string RivyaBaseUrl(this ImageGridFixture fixture) =>
        fixture.Server.Services.GetRequiredService<IOptions<RivyaOptions>>().Value.BaseUrl!;
}
