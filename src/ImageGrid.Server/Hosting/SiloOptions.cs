namespace ImageGrid.Server.Hosting;

/// <summary>The co-hosted Orleans silo (section "Orleans").</summary>
public sealed class SiloOptions
{
    public const string SectionName = "Orleans";

    public string ClusterId { get; set; } = "imagegrid-local";

    public string ServiceId { get; set; } = "imagegrid";

    public int SiloPort { get; set; } = 11111;

    public int GatewayPort { get; set; } = 30000;

    /// <summary>The address other silos reach this one at, with Azure Storage clustering outside Kubernetes.</summary>
    public string AdvertisedIP { get; set; } = "127.0.0.1";

    /// <summary>On Kubernetes: take the silo's name, address and cluster ids from the pod (Microsoft.Orleans.Hosting.Kubernetes).</summary>
    public bool Kubernetes { get; set; }
}
