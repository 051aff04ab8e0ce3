namespace ImageGrid.Rivya.Simulator.Contract;

/// <summary>Task statuses on the wire (docs/rivya-contract.md, B3).</summary>
internal static class TaskStatuses
{
    public const string Queued = "queued";
    public const string Running = "running";
    public const string Succeeded = "succeeded";
    public const string Failed = "failed";
}
