using ImageGrid.Rivya.Simulator.Contract;

namespace ImageGrid.Rivya.Simulator.Tasks;

/// <summary>One task: fixed at creation, with its status read from the clock (see <see cref="TaskTimeline"/>).</summary>
internal sealed class SimulatedTask(
    string id,
    string ownerApiKey,
    string? clientRequestId,
    UInt128 requestFingerprint,
    TaskTimeline timeline,
    TaskOutcome outcome,
    ImageSize imageSize,
    IReadOnlyList<string> referenceUrls)
{
    private int createRequests = 1;
    private int polls;

    public string Id { get; } = id;

    /// <summary>The API key that created the task; only it may read the task. Never returned or logged.</summary>
    public string OwnerApiKey { get; } = ownerApiKey;

    public string? ClientRequestId { get; } = clientRequestId;

    /// <summary>Hash of the canonical create body, compared when the same client_request_id comes again.</summary>
    public UInt128 RequestFingerprint { get; } = requestFingerprint;

    public TaskTimeline Timeline { get; } = timeline;

    public TaskOutcome Outcome { get; } = outcome;

    public ImageSize ImageSize { get; } = imageSize;

    /// <summary>The reference items' URLs exactly as the create request carried them.</summary>
    public IReadOnlyList<string> ReferenceUrls { get; } = referenceUrls;

    /// <summary>Create requests that resolved to this task, idempotent repeats included.</summary>
    public int CreateRequests => Volatile.Read(ref createRequests);

    /// <summary>Status reads of this task.</summary>
    public int Polls => Volatile.Read(ref polls);

    public void CountRepeatedCreate() => Interlocked.Increment(ref createRequests);

    public void CountPoll() => Interlocked.Increment(ref polls);

    public string StatusAt(DateTimeOffset now) => Timeline.PhaseAt(now) switch
    {
        TaskPhase.Queued => TaskStatuses.Queued,
        TaskPhase.Running => TaskStatuses.Running,
        _ => Outcome.Succeeds ? TaskStatuses.Succeeded : TaskStatuses.Failed,
    };

    public bool HasSucceededAt(DateTimeOffset now) => Outcome.Succeeds && Timeline.PhaseAt(now) == TaskPhase.Finished;
}
