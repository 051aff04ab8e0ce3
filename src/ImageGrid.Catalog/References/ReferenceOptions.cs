namespace ImageGrid.Catalog;

/// <summary>Configuration section <c>References</c>: where reference URLs may point.</summary>
public sealed class ReferenceOptions
{
    public const string SectionName = "References";

    /// <summary>
    /// The host (with an optional port) of the URLs Rivya's Files API hands out for uploads and results. A URL on it is
    /// taken only when it is a file the caller's account uploaded or an image its own tasks produced. When not
    /// configured, the server fills in the host and port of <c>Rivya:BaseUrl</c>.
    /// </summary>
    public string? FilesHost { get; set; }

    /// <summary>
    /// Other hosts whose every URL is taken: host names (case-insensitive), each with an optional port.
    /// <c>cdn.example.com</c> allows any port of that host, <c>127.0.0.1:5090</c> only that port. None by default. The
    /// Files API's host keeps its own rule even when it is listed here.
    /// </summary>
    public List<string> AllowedHosts { get; set; } = [];
}
