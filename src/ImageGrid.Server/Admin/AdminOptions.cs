namespace ImageGrid.Server.Admin;

/// <summary>The admin service's settings (section "Admin").</summary>
public sealed class AdminOptions
{
    public const string SectionName = "Admin";

    /// <summary>
    /// The one key that grants the admin API (a secret: never logged). While it is not set the admin API is disabled:
    /// every call answers UNAUTHENTICATED.
    /// </summary>
    public string? ApiKey { get; set; }
}
