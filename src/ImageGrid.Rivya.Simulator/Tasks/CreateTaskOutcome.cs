using ImageGrid.Rivya.Simulator.Scripts;

namespace ImageGrid.Rivya.Simulator.Tasks;

/// <summary>What a create request came to.</summary>
internal abstract record CreateTaskOutcome
{
    public sealed record Created(SimulatedTask Task) : CreateTaskOutcome;

    /// <summary>The client_request_id was seen before with the same body: the earlier task is the answer.</summary>
    public sealed record Replayed(SimulatedTask Task) : CreateTaskOutcome;

    /// <summary>The client_request_id was seen before with a different body.</summary>
    public sealed record Conflict : CreateTaskOutcome;

    /// <summary>A script told the simulator to refuse this prompt.</summary>
    public sealed record Rejected(TaskRejection Rejection) : CreateTaskOutcome;

    public sealed record InsufficientCredits(long Available) : CreateTaskOutcome;
}
