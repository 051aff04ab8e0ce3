namespace ImageGrid.Catalog;

/// <summary>
/// A create request as the gRPC edge received it, before validation. Empty strings mean "not given";
/// <paramref name="Parameters"/> holds the select parameters given in fields of their own (e.g. <c>aspect_ratio</c>).
/// </summary>
public sealed record ImageRequestInput(
    string Model,
    string Prompt,
    IReadOnlyDictionary<string, string> Parameters,
    IReadOnlyList<ReferenceInput> References,
    string ClientRequestId)
{
    /// <summary>
    /// The select parameters given by key in the generic map (<c>params.values</c>). A key given in both places must
    /// have the same value in both.
    /// </summary>
    public IReadOnlyDictionary<string, string> ParameterValues { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// The reference URLs on the Files API's host that the caller's account may use (files it uploaded, images its
    /// tasks produced), as the server looked them up; any other URL on that host is refused.
    /// </summary>
    public IReadOnlySet<string> OwnReferenceUrls { get; init; } = new HashSet<string>(StringComparer.Ordinal);
}
