namespace ImageGrid.Catalog;

/// <summary>
/// A create request as the gRPC edge received it, before validation. Empty strings mean "not given";
/// <paramref name="Parameters"/> holds the select parameters by key (e.g. <c>aspect_ratio</c>).
/// </summary>
public sealed record ImageRequestInput(
    string Model,
    string Prompt,
    IReadOnlyDictionary<string, string> Parameters,
    IReadOnlyList<ReferenceInput> References,
    string ClientRequestId);
