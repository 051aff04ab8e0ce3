namespace ImageGrid.Server.Hosting;

/// <summary>The co-hosted Orleans silo (section "Orleans").</summary>
public sealed class SiloOptions
{
    public const string SectionName = "Orleans";

    public string ClusterId { get; set; } = "imagegrid-local";

    public string ServiceId { get; set; } = "imagegrid";

    public int SiloPort { get; set; } = 11111;

    /// <summary>
    /// The address other silos reach this one at, and the only one its silo port listens on (Azure Storage clustering
    /// outside Kubernetes). Memory mode always uses 127.0.0.1.
    /// </summary>
    public string AdvertisedIP { get; set; } = "127.0.0.1";

    /// <summary>On Kubernetes: take the silo's name, address and cluster ids from the pod (Microsoft.Orleans.Hosting.Kubernetes).</summary>
    public bool Kubernetes { get; set; }
}
