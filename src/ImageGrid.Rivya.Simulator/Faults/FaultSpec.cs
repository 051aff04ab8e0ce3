using System.Text.Json.Serialization;
using ImageGrid.Rivya.Simulator.Control;

namespace ImageGrid.Rivya.Simulator.Faults;

/// <summary>
/// A fault for the next <paramref name="Count"/> requests to <paramref name="Endpoint"/> that match its filters:
/// <paramref name="PromptContains"/> filters creates by prompt, <paramref name="TaskId"/> filters status reads.
/// </summary>
public sealed record FaultSpec(
    [property: JsonRequired] RivyaEndpoint Endpoint,
    [property: JsonRequired] FaultKind Kind,
    int Status = StatusCodes.Status503ServiceUnavailable,
    int RetryAfterSeconds = 1,
    int LatencyMs = 0,
    int Count = 1,
    string? PromptContains = null,
    string? TaskId = null);
