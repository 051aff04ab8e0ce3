namespace ImageGrid.Server.Auth;

/// <summary>The demo account (section "Demo"): on by default in the embedded default only.</summary>
public sealed class DemoAccountOptions
{
    public const string SectionName = "Demo";

    /// <summary>
    /// The demo account's API key. In the embedded default it is generated and printed once at start-up when not
    /// configured; a production-shaped server has a demo account only when it is set.
    /// </summary>
    public string? ApiKey { get; set; }

    public string AccountId { get; set; } = "demo";

    /// <summary>The demo account's opening balance: 3000 credits, 1000 gpt-image-2 images.</summary>
    public long StartingCredits { get; set; } = 3000;
}
