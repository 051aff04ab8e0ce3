namespace ImageGrid.Server.Web;

/// <summary>
/// The dashboard's endpoint (section "Web"): the page and gRPC-Web on an HTTP/1.1 address of its own. On in the embedded
/// default at <see cref="WebEndpoint.DefaultUrl"/>; in a production-shaped server only when <see cref="Url"/> is set.
/// <see cref="Enabled"/> = false turns it off in every mode.
/// </summary>
public sealed class WebOptions
{
    public const string SectionName = "Web";

    public string? Url { get; set; }

    public bool? Enabled { get; set; }
}
