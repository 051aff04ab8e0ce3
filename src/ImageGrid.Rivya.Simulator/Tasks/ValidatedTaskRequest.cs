namespace ImageGrid.Rivya.Simulator.Tasks;

/// <summary>A create request that passed validation, with defaults filled in.</summary>
internal sealed record ValidatedTaskRequest(
    string Prompt,
    string AspectRatio,
    string Resolution,
    IReadOnlyList<string> ReferenceUrls,
    string? ClientRequestId);
