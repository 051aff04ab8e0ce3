namespace ImageGrid.Catalog;

/// <summary>Configuration section <c>References</c>: where reference URLs may point.</summary>
public sealed class ReferenceOptions
{
    public const string SectionName = "References";

    /// <summary>
    /// Host names (case-insensitive), each with an optional port: <c>cdn.example.com</c> allows any port of that host,
    /// <c>127.0.0.1:5090</c> only that port. When nothing is configured, the server fills in the host of
    /// <c>Rivya:BaseUrl</c> (the Files API's own host); a list that is still empty accepts no reference URL at all.
    /// </summary>
    public List<string> AllowedHosts { get; set; } = [];
}
