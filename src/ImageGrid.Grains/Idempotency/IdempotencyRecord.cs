namespace ImageGrid.Grains.Idempotency;

[GenerateSerializer, Alias("imagegrid.IdempotencyRecord")]
public sealed class IdempotencyRecord
{
    [Id(0)] public string TaskId { get; set; } = "";
    [Id(1)] public string Fingerprint { get; set; } = "";
    [Id(2)] public DateTimeOffset ClaimedAt { get; set; }
}
