namespace ImageGrid.Rivya.Simulator.Control;

/// <summary>What the control API tells about a task; never its API key.</summary>
/// <param name="CreateRequests">Create requests that resolved to the task, idempotent repeats included.</param>
/// <param name="Polls">Status reads of the task.</param>
/// <param name="ReferenceUrls">The reference items' URLs exactly as the create request carried them.</param>
/// <param name="CreatedAt">When the task was created (it is <c>queued</c> from then).</param>
/// <param name="RunningAt">When it is or was due to become <c>running</c> (equal to <paramref name="FinishedAt"/> when it skips running).</param>
/// <param name="FinishedAt">When it is or was due to succeed or fail.</param>
public sealed record TaskInspection(
    string Id,
    string? ClientRequestId,
    string Status,
    int CreateRequests,
    int Polls,
    IReadOnlyList<string> ReferenceUrls,
    DateTimeOffset CreatedAt,
    DateTimeOffset RunningAt,
    DateTimeOffset FinishedAt);
