namespace ImageGrid.Rivya.Simulator.Control;

/// <summary>What the control API tells about a task; never its API key.</summary>
/// <param name="CreateRequests">Create requests that resolved to the task, idempotent repeats included.</param>
/// <param name="Polls">Status reads of the task.</param>
/// <param name="ReferenceUrls">The reference items' URLs exactly as the create request carried them.</param>
public sealed record TaskInspection(string Id, string? ClientRequestId, string Status, int CreateRequests, int Polls, IReadOnlyList<string> ReferenceUrls);
