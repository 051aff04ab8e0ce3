using ImageGrid.Rivya.Simulator.Accounts;
using ImageGrid.Rivya.Simulator.Contract;
using ImageGrid.Rivya.Simulator.Control;
using ImageGrid.Rivya.Simulator.Scripts;

namespace ImageGrid.Rivya.Simulator.Tasks;

/// <summary>Creates tasks: idempotency per key, scripted behaviour, and the credit reservation, atomically per key.</summary>
internal sealed partial class TaskCreator(
    TaskStore tasks,
    AccountBook accounts,
    ScriptBook scripts,
    SimulatorStats stats,
    DurationSampler durations,
    TimeProvider time,
    ILogger<TaskCreator> logger)
{
    public CreateTaskOutcome Create(string apiKey, ValidatedTaskRequest request, UInt128 requestFingerprint)
    {
        var now = time.GetUtcNow();
        var outcome = CreateUnderAccountLock(accounts.For(apiKey), apiKey, request, requestFingerprint, now);
        switch (outcome)
        {
            case CreateTaskOutcome.Created created:
                LogCreated(logger, created.Task.Id, created.Task.StatusAt(now));
                break;
            case CreateTaskOutcome.Replayed replayed:
                LogReplayed(logger, replayed.Task.Id, replayed.Task.StatusAt(now));
                break;
            default:
                break;
        }

        return outcome;
    }

    private CreateTaskOutcome CreateUnderAccountLock(
        Account account,
        string apiKey,
        ValidatedTaskRequest request,
        UInt128 requestFingerprint,
        DateTimeOffset now)
    {
        lock (account.Gate)
        {
            account.Credits.SettleDue(now);
            if (request.ClientRequestId is { } clientRequestId && account.Idempotency.TryGet(clientRequestId, out var earlier))
            {
                if (earlier.RequestFingerprint != requestFingerprint)
                {
                    return new CreateTaskOutcome.Conflict();
                }

                earlier.CountRepeatedCreate();
                return new CreateTaskOutcome.Replayed(earlier);
            }

            var script = scripts.Match(request.Prompt);
            if (script?.RejectWith is { } rejection)
            {
                return new CreateTaskOutcome.Rejected(rejection);
            }

            var task = NewTask(apiKey, request, requestFingerprint, script, now);
            if (!account.Credits.TryReserveFor(task))
            {
                return new CreateTaskOutcome.InsufficientCredits(account.Credits.Available);
            }

            if (request.ClientRequestId is not null)
            {
                account.Idempotency.Add(request.ClientRequestId, task);
            }

            tasks.Add(task);
            stats.CountTaskCreated();
            return new CreateTaskOutcome.Created(task);
        }
    }

    private SimulatedTask NewTask(
        string apiKey,
        ValidatedTaskRequest request,
        UInt128 requestFingerprint,
        TaskScriptSpec? script,
        DateTimeOffset now)
    {
        var drawn = durations.Draw(request.Resolution);
        var queued = script?.QueuedMs is { } queuedMs ? TimeSpan.FromMilliseconds(queuedMs) : drawn.Queued;
        var running = script switch
        {
            { SkipRunning: true } => TimeSpan.Zero,
            { RunningMs: { } runningMs } => TimeSpan.FromMilliseconds(runningMs),
            _ => drawn.Running,
        };
        var outcome = script is { Outcome: ScriptOutcome.Failed }
            ? TaskOutcome.Failure(script.ErrorCode, script.ErrorMessage)
            : TaskOutcome.Success;
        return new SimulatedTask(
            $"task_{Guid.NewGuid():N}",
            apiKey,
            request.ClientRequestId,
            requestFingerprint,
            TaskTimeline.Starting(now, queued, running),
            outcome,
            ImageSize.For(request.AspectRatio, request.Resolution),
            request.ReferenceUrls);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Created task {TaskId} ({Status})")]
    private static partial void LogCreated(ILogger logger, string taskId, string status);

    [LoggerMessage(Level = LogLevel.Information, Message = "Repeated create for task {TaskId} ({Status}) answered by idempotency")]
    private static partial void LogReplayed(ILogger logger, string taskId, string status);
}
