using System.Reflection;

namespace ImageGrid.Server.Web;

/// <summary>
/// The dashboard's files: the bundle built from web/ and committed under wwwroot, embedded in this assembly so that the
/// page is served the same from `dotnet run`, a published app, the container image and a test host (whose content root
/// is not this project's).
/// </summary>
public sealed class DashboardAssets
{
    private const string ResourcePrefix = "dashboard/";

    private static readonly Dictionary<string, string> ContentTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        [".html"] = "text/html; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
        [".svg"] = "image/svg+xml",
    };

    private readonly Dictionary<string, DashboardAsset> _byPath;

    private DashboardAssets(Dictionary<string, DashboardAsset> byPath) => _byPath = byPath;

    /// <summary>The files by request path ("/" is index.html).</summary>
    public static DashboardAssets Load()
    {
        var assembly = typeof(DashboardAssets).Assembly;
        var byPath = new Dictionary<string, DashboardAsset>(StringComparer.Ordinal);
        foreach (var name in assembly.GetManifestResourceNames().Where(name => name.StartsWith(ResourcePrefix, StringComparison.Ordinal)))
        {
            var path = "/" + name[ResourcePrefix.Length..];
            var asset = new DashboardAsset(Read(assembly, name), ContentTypes.GetValueOrDefault(Path.GetExtension(path), "application/octet-stream"));
            byPath[path] = asset;
            if (path == "/index.html")
            {
                byPath["/"] = asset;
            }
        }

        if (!byPath.ContainsKey("/"))
        {
            throw new InvalidOperationException("the dashboard's index.html is not embedded in ImageGrid.Server: build it with `npm run build` in web/");
        }

        return new DashboardAssets(byPath);
    }

    public bool TryGet(string path, out DashboardAsset asset) => _byPath.TryGetValue(path, out asset!);

    private static byte[] Read(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}

public sealed record DashboardAsset(byte[] Content, string ContentType);
