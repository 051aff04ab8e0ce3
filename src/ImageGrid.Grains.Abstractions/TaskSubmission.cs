namespace ImageGrid.Grains;

/// <summary>Everything a task grain needs to create its Rivya task.</summary>
[GenerateSerializer, Immutable, Alias("imagegrid.TaskSubmission")]
public sealed record TaskSubmission
{
    [Id(0)] public required string AccountId { get; init; }
    [Id(1)] public required ImageRequest Request { get; init; }
    /// <summary>Credits to reserve from the account before Rivya hears of the task (the model's price).</summary>
    [Id(2)] public long Price { get; init; }
    /// <summary>
    /// The task id was made for this call (no earlier call can have stored it): the grain skips reading its state and
    /// creates it with a write that fails if a record exists after all.
    /// </summary>
    [Id(3)] public bool IsNewTaskId { get; init; }
}
