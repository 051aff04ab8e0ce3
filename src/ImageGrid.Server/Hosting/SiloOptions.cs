namespace ImageGrid.Server.Hosting;

/// <summary>The co-hosted Orleans silo (section "Orleans"). The embedded default clusters on localhost.</summary>
public sealed class SiloOptions
{
    public const string SectionName = "Orleans";

    public string ClusterId { get; set; } = "imagegrid-local";

    public string ServiceId { get; set; } = "imagegrid";

    public int SiloPort { get; set; } = 11111;

    public int GatewayPort { get; set; } = 30000;
}
