namespace ImageGrid.Catalog.Tests;

/// <summary>Reference host policies for validators built by hand.</summary>
internal static class ReferenceHosts
{
    /// <summary>The host <see cref="Inputs.Reference"/> uses, on any port.</summary>
    public const string Cdn = "cdn.example.com";

    public static IReferenceHostPolicy CdnExample { get; } = new ReferenceHostAllowList([Cdn]);
}
