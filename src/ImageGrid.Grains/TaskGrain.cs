using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using ImageGrid.Grains.Accounts;
using ImageGrid.Grains.TaskIndex;
using ImageGrid.Rivya;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Placement;
using Orleans.Storage;

namespace ImageGrid.Grains;

/// <summary>
/// One activation per ImageGrid task. Reserves the price from the account, persists the task before Rivya hears of
/// it, submits it with the task id as Rivya's idempotency key, polls Rivya on a grain timer, keeps a watchdog reminder
/// until the task is finished and its credits settled or released, and publishes every version to its watchers and to
/// the account's.
/// Placed on the silo whose gRPC edge created it, so the create and the first watchers need no hop.
/// </summary>
[PreferLocalPlacement]
public sealed partial class TaskGrain(
    [PersistentState("task", StorageNames.Tasks)] IPersistentState<TaskState> state,
    IRivyaClient rivya,
    IGrainFactory grains,
    UpstreamAccountStatus upstream,
    IOptions<TaskPollingOptions> options,
    TimeProvider time,
    ILogger<TaskGrain> logger) : Grain, ITaskGrain, IRemindable
{
    private const string WatchdogReminder = "watchdog";

    private readonly TaskPollingOptions _options = options.Value;
    private readonly PollSchedule _schedule = new(options.Value);
    private IGrainTimer? _pollTimer;
    private TaskCompletionSource _published = NewSignal();
    private bool _unknownStatusLogged;
    /// <summary>The last version the account's index took; versions after it go with the next publication.</summary>
    private long _publishedVersion;
    private string? _taskId;

    /// <summary>One string for the activation's life: the snapshots, the index and the account all keep this instance.</summary>
    private string TaskId => _taskId ??= this.GetPrimaryKeyString();

    private bool Exists => state.State.Request is not null;

    private TaskProgress Current => state.State.History[^1];

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // The current version goes again with the next publication, in case it was stored but never published.
        _publishedVersion = Exists ? Current.Version - 1 : 0;
        if (Exists && !Current.Status.IsTerminal())
        {
            ArmPolling(TimeSpan.Zero);
        }

        return Task.CompletedTask;
    }

    public async Task<TaskStartResult> StartAsync(TaskSubmission submission)
    {
        if (Exists)
        {
            return new TaskStartResult { Task = Snapshot(Current.Version) };
        }

        // Idempotent per task id: a start re-driven after a crash finds its reservation already made.
        var reservation = await Account(submission.AccountId).ReserveAsync(TaskId, submission.Price);
        if (!reservation.Succeeded)
        {
            return new TaskStartResult { InsufficientBalance = reservation.Balance };
        }

        var now = time.GetUtcNow();
        state.State = new TaskState
        {
            AccountId = submission.AccountId,
            Request = submission.Request,
            CreatedAt = now,
            ReservedCredits = submission.Price,
        };

        // The watchdog goes first: if this silo dies after the write, the reminder re-drives the submit.
        await this.RegisterOrUpdateReminder(WatchdogReminder, _options.WatchdogPeriod, _options.WatchdogPeriod);
        // Version 1 reaches the account's index together with Rivya's answer (one index write instead of two); nobody
        // but the account's watchers can know the task before this call answers.
        await RecordAsync(new TaskProgress { Version = 1, Status = ImageTaskStatus.Submitting, UpdatedAt = now }, publish: false);

        using (var deadline = new CancellationTokenSource(_options.SubmitAckTimeout, time))
        {
            await SubmitAsync(deadline.Token);
        }

        if (Current.Status == ImageTaskStatus.Submitting)
        {
            await PublishToAccountAsync();
            LogStillSubmitting(TaskId, _options.SubmitAckTimeout);
            ArmPolling(_options.SubmitRetryInterval);
        }
        else
        {
            ScheduleNext(_schedule.AfterChange());
        }

        return new TaskStartResult { Task = Snapshot(Current.Version) };
    }

    public Task<TaskSnapshot?> GetAsync() =>
        Task.FromResult(Exists ? Snapshot(Current.Version) : null);

    public async IAsyncEnumerable<TaskSnapshot> WatchAsync(long afterVersion, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (!Exists)
        {
            yield break;
        }

        var sent = afterVersion;
        if (afterVersion <= 0)
        {
            var first = Snapshot(Current.Version) with { PreviousStatus = ImageTaskStatus.Unspecified };
            yield return first;
            sent = first.Version;
        }

        while (true)
        {
            var published = _published.Task;
            while (sent < Current.Version)
            {
                sent++;
                yield return Snapshot(sent);
            }

            if (Current.Status.IsTerminal())
            {
                yield break;
            }

            await published.WaitAsync(cancellationToken);
        }
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (Exists && Current.Status.IsTerminal())
        {
            await CloseCreditsAsync();
        }

        if (!Exists || (Current.Status.IsTerminal() && state.State.CreditsClosed))
        {
            await StopWatchdogAsync();
            return;
        }

        if (_pollTimer is null && !Current.Status.IsTerminal())
        {
            ArmPolling(TimeSpan.Zero);
        }
    }

    private async Task PollAsync(CancellationToken cancellationToken)
    {
        if (!Exists || Current.Status.IsTerminal())
        {
            return;
        }

        if (Current.Status == ImageTaskStatus.Submitting)
        {
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(_options.SubmitAckTimeout);
            await SubmitAsync(deadline.Token);
            ScheduleNext(Current.Status == ImageTaskStatus.Submitting ? _options.SubmitRetryInterval : _schedule.AfterChange());
            return;
        }

        TimeSpan next;
        try
        {
            var task = await rivya.GetTaskAsync(Current.RivyaTaskId, cancellationToken);
            next = await ApplyAsync(task) ? _schedule.AfterChange() : _schedule.AfterNoChange();
        }
        catch (RivyaApiException e)
        {
            next = _schedule.AfterError(e.RetryAfter);
            LogPollFailed(TaskId, e.Code, e.HttpStatus, next);
        }

        ScheduleNext(next);
    }

    /// <summary>Creates the Rivya task, retrying transient failures, until Rivya answers or rejects it or the deadline passes.</summary>
    private async Task SubmitAsync(CancellationToken deadline)
    {
        while (Current.Status == ImageTaskStatus.Submitting)
        {
            TimeSpan wait;
            try
            {
                var task = await rivya.CreateTaskAsync(RivyaTaskMapping.ToCreateRequest(TaskId, state.State.Request!), deadline);
                upstream.ReportAccepted();
                await ApplyAsync(task);
                LogSubmitted(TaskId, task.Id, task.Status);
                return;
            }
            catch (RivyaApiException e) when (!e.IsTransient)
            {
                LogRejected(TaskId, e.Code, e.HttpStatus);
                if (e.Code == RivyaErrorCodes.InsufficientCredits)
                {
                    upstream.ReportOutOfCredits();
                    LogUpstreamOutOfCredits(TaskId);
                }

                await RecordAsync(Current with
                {
                    Version = Current.Version + 1,
                    Status = ImageTaskStatus.Failed,
                    UpdatedAt = time.GetUtcNow(),
                    Error = new TaskFailure { Code = e.Code, Message = e.Message },
                });
                return;
            }
            catch (RivyaApiException e)
            {
                wait = e.RetryAfter ?? _options.SubmitRetryInterval;
                LogSubmitTransient(TaskId, e.Code, e.HttpStatus);
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested)
            {
                return;
            }

            try
            {
                await Task.Delay(wait, time, deadline);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Records Rivya's view as a new version when a watcher would see a difference.</summary>
    private async Task<bool> ApplyAsync(RivyaTask task)
    {
        if (RivyaTaskMapping.ToStatus(task.Status) is null && !_unknownStatusLogged)
        {
            _unknownStatusLogged = true;
            LogUnknownStatus(TaskId, task.Status);
        }

        var next = RivyaTaskMapping.Apply(Current, task);
        if (!next.DiffersFrom(Current))
        {
            return false;
        }

        await RecordAsync(next with { Version = Current.Version + 1, UpdatedAt = time.GetUtcNow() });
        return true;
    }

    private async Task RecordAsync(TaskProgress progress, bool publish = true)
    {
        state.State.History.Add(progress);
        try
        {
            await state.WriteOrReloadAsync(this);
        }
        catch (Exception e) when (e is not InconsistentStateException)
        {
            state.State.History.RemoveAt(state.State.History.Count - 1);
            throw;
        }

        var previous = _published;
        _published = NewSignal();
        previous.TrySetResult();
        if (publish)
        {
            await PublishToAccountAsync();
        }

        if (progress.Status.IsTerminal())
        {
            LogFinished(TaskId, progress.Status, progress.Version);
            _pollTimer?.Dispose();
            _pollTimer = null;
            await CloseCreditsAsync();
            if (state.State.CreditsClosed)
            {
                await StopWatchdogAsync();
            }
        }
    }

    /// <summary>
    /// The account's watchers and listing see every version too, in one call for all not yet published; the task itself
    /// is the source of truth, so a failure is logged and the versions go again with the next publication.
    /// </summary>
    private async Task PublishToAccountAsync()
    {
        var current = Current.Version;
        if (_publishedVersion >= current)
        {
            return;
        }

        var versions = ImmutableArray.CreateBuilder<TaskSnapshot>((int)(current - _publishedVersion));
        for (var version = _publishedVersion + 1; version <= current; version++)
        {
            versions.Add(Snapshot(version));
        }

        try
        {
            await grains.GetGrain<IAccountTasksGrain>(state.State.AccountId).PublishAsync(versions.MoveToImmutable());
            _publishedVersion = Math.Max(_publishedVersion, current);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogAccountPublishFailed(TaskId, current, e);
        }
    }

    /// <summary>
    /// Settles the reservation at Rivya's final credits, or releases it on failure. The account dedupes by task id, so
    /// a repeat after a crash changes nothing; until it succeeds the watchdog keeps re-driving it.
    /// </summary>
    private async Task CloseCreditsAsync()
    {
        if (state.State.CreditsClosed)
        {
            return;
        }

        var account = Account(state.State.AccountId);
        try
        {
            var outcome = Current.Status == ImageTaskStatus.Succeeded
                ? await account.SettleAsync(TaskId, Current.FinalCredits)
                : await account.ReleaseAsync(TaskId, $"task failed: {Current.Error?.Code}");
            LogCreditsClosed(TaskId, Current.Status, outcome.Kind);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogCreditsCloseFailed(TaskId, e);
            return;
        }

        state.State.CreditsClosed = true;
        await state.WriteOrReloadAsync(this);
    }

    private IAccountGrain Account(string accountId) => grains.GetGrain<IAccountGrain>(accountId);

    private void ArmPolling(TimeSpan dueTime)
    {
        if (_pollTimer is null)
        {
            _pollTimer = this.RegisterGrainTimer(
                PollAsync,
                new GrainTimerCreationOptions(dueTime, Timeout.InfiniteTimeSpan) { Interleave = false, KeepAlive = true });
        }
        else
        {
            _pollTimer.Change(dueTime, Timeout.InfiniteTimeSpan);
        }
    }

    private void ScheduleNext(TimeSpan dueTime)
    {
        if (!Current.Status.IsTerminal())
        {
            ArmPolling(dueTime);
        }
    }

    private async Task StopWatchdogAsync()
    {
        if (await this.GetReminder(WatchdogReminder) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    private TaskSnapshot Snapshot(long version)
    {
        var history = state.State.History;
        return new TaskSnapshot
        {
            TaskId = TaskId,
            AccountId = state.State.AccountId,
            Request = state.State.Request!,
            CreatedAt = state.State.CreatedAt,
            Progress = history[(int)version - 1],
            PreviousStatus = version > 1 ? history[(int)version - 2].Status : ImageTaskStatus.Unspecified,
        };
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    [LoggerMessage(Level = LogLevel.Information, Message = "Task {TaskId} submitted as Rivya task {RivyaTaskId} ({RivyaStatus})")]
    private partial void LogSubmitted(string taskId, string rivyaTaskId, string rivyaStatus);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Task {TaskId} rejected by Rivya: {Code} (HTTP {HttpStatus})")]
    private partial void LogRejected(string taskId, string code, int? httpStatus);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Task {TaskId} submit failed transiently: {Code} (HTTP {HttpStatus}); will retry")]
    private partial void LogSubmitTransient(string taskId, string code, int? httpStatus);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Task {TaskId} not acknowledged by Rivya within {Deadline}; submitting in the background")]
    private partial void LogStillSubmitting(string taskId, TimeSpan deadline);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Task {TaskId} poll failed: {Code} (HTTP {HttpStatus}); next poll in {Delay}")]
    private partial void LogPollFailed(string taskId, string code, int? httpStatus, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Task {TaskId}: Rivya reported unknown status {RivyaStatus}; treating it as in progress")]
    private partial void LogUnknownStatus(string taskId, string rivyaStatus);

    [LoggerMessage(Level = LogLevel.Error, Message = "Task {TaskId}: upstream account out of credits (Rivya answered insufficient_credits)")]
    private partial void LogUpstreamOutOfCredits(string taskId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Task {TaskId}: could not publish version {Version} to the account's index")]
    private partial void LogAccountPublishFailed(string taskId, long version, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Task {TaskId} ended {Status}: credits closed ({Outcome})")]
    private partial void LogCreditsClosed(string taskId, ImageTaskStatus status, CreditOutcomeKind outcome);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Task {TaskId}: settling its credits failed; the watchdog will retry")]
    private partial void LogCreditsCloseFailed(string taskId, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Task {TaskId} finished {Status} at version {Version}")]
    private partial void LogFinished(string taskId, ImageTaskStatus status, long version);
}
