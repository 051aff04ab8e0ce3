using ImageGrid.Rivya;

namespace ImageGrid.Server.Hosting;

/// <summary>
/// What a production-shaped server must be given because it has no stand-in: the real Rivya with its key (the embedded
/// simulator serves placeholder images and runs only in the embedded default). The way to Azure Storage (a connection
/// string, or the service endpoints) is checked where the silo is configured: <see cref="StorageAccess.From"/>.
/// </summary>
public static class ProductionSettings
{
    public static void Require(IConfiguration configuration, HostingMode mode)
    {
        if (mode.IsEmbeddedDefault)
        {
            return;
        }

        string[] required =
        [
            $"{RivyaOptions.SectionName}:{nameof(RivyaOptions.BaseUrl)}",
            $"{RivyaOptions.SectionName}:{nameof(RivyaOptions.ApiKey)}",
        ];
        var missing = required.Where(key => string.IsNullOrWhiteSpace(configuration[key])).ToList();
        if (missing.Count == 0)
        {
            return;
        }

        var names = string.Join(" and ", missing);
        var variables = string.Join(", ", missing.Select(key => key.Replace(":", "__", StringComparison.Ordinal)));
        throw new InvalidConfigurationException(
            $"{names} {(missing.Count == 1 ? "is" : "are")} not set. With {mode.ProductionSetting} the server needs {(missing.Count == 1 ? "it" : "them")} " +
            $"(the embedded Rivya simulator runs only in memory mode): set {names} (environment {variables}).");
    }
}
