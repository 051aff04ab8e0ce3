namespace ImageGrid.Server.Auth;

/// <summary>The embedded default's demo account (section "Demo").</summary>
public sealed class DemoAccountOptions
{
    public const string SectionName = "Demo";

    /// <summary>The demo account's API key; generated and printed once at start-up when not configured.</summary>
    public string? ApiKey { get; set; }

    public string AccountId { get; set; } = "demo";

    /// <summary>The demo account's opening balance: 3000 credits, 1000 gpt-image-2 images.</summary>
    public long StartingCredits { get; set; } = 3000;
}
