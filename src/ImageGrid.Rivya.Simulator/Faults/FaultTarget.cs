namespace ImageGrid.Rivya.Simulator.Faults;

/// <summary>What a fault filter can see of a request: the create prompt or the task id read.</summary>
internal sealed record FaultTarget(string? Prompt, string? TaskId)
{
    public static readonly FaultTarget None = new(null, null);
}
