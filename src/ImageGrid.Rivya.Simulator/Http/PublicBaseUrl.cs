using Microsoft.Extensions.Options;

namespace ImageGrid.Rivya.Simulator.Http;

/// <summary>The base of the URLs the simulator hands out for results and uploaded files.</summary>
internal sealed class PublicBaseUrl(IOptions<SimulatorOptions> options)
{
    public string For(HttpRequest request) =>
        options.Value.PublicBaseUrl is { Length: > 0 } configured
            ? configured.TrimEnd('/')
            : $"{request.Scheme}://{request.Host}{request.PathBase}";
}
