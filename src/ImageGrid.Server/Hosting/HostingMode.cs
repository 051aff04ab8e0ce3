namespace ImageGrid.Server.Hosting;

/// <summary>
/// The embedded default (memory storage, one local silo, nothing survives a restart) or a production-shaped server
/// (Azure Storage, or Kubernetes hosting). Only the embedded default generates and prints a demo key and runs the Rivya
/// simulator in-process; a production-shaped server has a demo account and a Rivya only when they are configured.
/// </summary>
public sealed record HostingMode(StorageProvider Storage, bool Kubernetes)
{
    public bool IsEmbeddedDefault => Storage == StorageProvider.Memory && !Kubernetes;

    /// <summary>The setting that makes this server production-shaped, as a message names it.</summary>
    public string ProductionSetting => Storage == StorageProvider.AzureStorage
        ? $"{StorageOptions.SectionName}:{nameof(StorageOptions.Provider)}={StorageProvider.AzureStorage}"
        : $"{SiloOptions.SectionName}:{nameof(SiloOptions.Kubernetes)}=true";

    public static HostingMode From(IConfiguration configuration)
    {
        try
        {
            var storage = configuration.GetSection(StorageOptions.SectionName).Get<StorageOptions>() ?? new StorageOptions();
            var silo = configuration.GetSection(SiloOptions.SectionName).Get<SiloOptions>() ?? new SiloOptions();
            return new HostingMode(storage.Provider, silo.Kubernetes);
        }
        catch (InvalidOperationException unreadable)
        {
            // The binder's message names the key, the value and the type it expected (e.g. Storage:Provider=Azure).
            throw new InvalidConfigurationException($"invalid configuration: {unreadable.Message}");
        }
    }
}
