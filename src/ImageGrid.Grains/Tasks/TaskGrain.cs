using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using ImageGrid.Grains.Accounts;
using ImageGrid.Grains.Diagnostics;
using ImageGrid.Grains.Scheduling;
using ImageGrid.Grains.Storage;
using ImageGrid.Grains.TaskIndex;
using ImageGrid.Rivya;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Placement;
using Orleans.Storage;

namespace ImageGrid.Grains;

/// <summary>
/// One activation per ImageGrid task. Reserves the price from the account, persists the task before Rivya hears of
/// it, submits it with the task id as Rivya's idempotency key, polls Rivya on a grain timer and publishes every version
/// to its watchers and to the account's. The account's open reservation is the task's anchor: until the task is
/// finished, the account's reconciler calls <see cref="ResumeAsync"/> every period, which brings it back after a crash.
/// Placed on the silo whose gRPC edge created it, so the create and the first watchers need no hop.
/// </summary>
/// <remarks>
/// The state is read on first use rather than at activation, so a brand-new task costs no read: its first write is its
/// creation, made with no ETag, which storage refuses when a record exists. docs/architecture.md lists each write.
/// </remarks>
[PreferLocalPlacement]
public sealed partial class TaskGrain(
    [FromKeyedServices(StorageNames.Tasks)] IGrainStorage storage,
    IRivyaClient rivya,
    ReservationBatcher reservations,
    ReservationCloseBatcher closes,
    IndexPublicationBatcher publications,
    UpstreamAccountStatus upstream,
    TaskDurations durations,
    TaskMetrics metrics,
    IOptions<TaskPollingOptions> options,
    IOptions<RivyaOptions> rivyaOptions,
    TimeProvider time,
    ILogger<TaskGrain> logger) : Grain, ITaskGrain, IRemindable
{
    private const string StateName = "task";

    private readonly TaskPollingOptions _options = options.Value;
    private DrivePlan? _plan;
    private StorageRecord<TaskState>? _record;
    /// <summary>The one read of the state this activation makes; completed at once for a brand-new task.</summary>
    private Task? _load;
    private IGrainTimer? _driveTimer;
    /// <summary>When the drive timer is due to fire; null while a drive runs. Past due means the timer died.</summary>
    private DateTimeOffset? _driveDueAt;
    private bool _driving;
    private TaskCompletionSource _published = NewSignal();
    private bool _unknownStatusLogged;
    /// <summary>The last version the account's index took; versions after it go with the next publication.</summary>
    private long _publishedVersion;
    private string? _taskId;
    /// <summary>This activation counts in <see cref="TaskMetrics"/>' tasks in flight.</summary>
    private bool _countedInFlight;

    /// <summary>One string for the activation's life: the snapshots, the index and the account all keep this instance.</summary>
    private string TaskId => _taskId ??= this.GetPrimaryKeyString();

    private StorageRecord<TaskState> Record => _record ??= new(storage, StateName, this.GetGrainId());

    private TaskState State => Record.State;

    private bool Exists => State.Exists;

    private TaskProgress Current => State.Current;

    private bool Finished => State.Finished;

    private DrivePlan Plan => _plan ??= new DrivePlan(
        _options,
        new UpstreamPacing(rivyaOptions.Value.MaxRetryAfter, time),
        () => new PhaseStart(durations, TaskDurations.KindOf(State.Request!), _options.InitialInterval, _options.MaxInterval));

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (_countedInFlight)
        {
            _countedInFlight = false;
            metrics.InFlightChanged(false);
        }

        return Task.CompletedTask;
    }

    public async Task<TaskStartResult> StartAsync(TaskSubmission submission)
    {
        using var logScope = TaskLogScope.Begin(logger, TaskId, submission.AccountId);
        TaskTracing.TagCurrent(TaskId, submission.AccountId);
        if (submission.IsNewTaskId)
        {
            _load ??= Task.CompletedTask;
        }

        await EnsureLoadedAsync();
        if (Exists)
        {
            return new TaskStartResult { Task = Snapshot(Current.Version) };
        }

        // Idempotent per task id: a start re-driven after a crash finds its reservation already made. The reservation
        // is stored first: from then on the account's reconciler resumes this task (or releases it if never created).
        var reservation = await reservations.ReserveAsync(submission.AccountId, TaskId, submission.Price);
        if (!reservation.Succeeded)
        {
            return new TaskStartResult { InsufficientBalance = reservation.Balance };
        }

        if (!await CreateAsync(submission))
        {
            logger.AlreadyStored(TaskId);
            return new TaskStartResult { Task = Snapshot(Current.Version) };
        }

        CountInFlight();

        // From here on the task exists durably: whatever fails, the caller gets the task as it is and the drive
        // (timer, backed by the account's reconciler) takes it on.
        try
        {
            await SubmitUntilAcknowledgedAsync();
            if (Current.Status == ImageTaskStatus.Submitting)
            {
                logger.StillSubmitting(TaskId, _options.SubmitAckTimeout);
            }

            // Versions 1 and 2 reach the account's index together, with Rivya's answer (in memory: only a finished
            // task is stored there); nobody but the account's watchers can know the task before this call answers.
            if (Current.Status.IsTerminal())
            {
                await FinishAsync();
            }
            else
            {
                await PublishToAccountAsync();
            }
        }
        catch (Exception e)
        {
            logger.DriveFailed(TaskId, Current.Status, _options.SubmitRetryInterval, e);
        }

        if (!Finished)
        {
            ArmDrive(Plan.Next(Current.Status));
        }

        return new TaskStartResult { Task = Snapshot(Current.Version) };
    }

    public async Task<TaskSnapshot?> GetAsync()
    {
        await EnsureLoadedAsync();
        return Exists ? Snapshot(Current.Version) : null;
    }

    public async Task<bool> ResumeAsync()
    {
        await EnsureLoadedAsync();
        if (!Exists)
        {
            return false;
        }

        // A drive step in progress or a timer due soon is alive; a due time long past means the timer died.
        if (!Finished && !_driving && (_driveTimer is null || _driveDueAt is not { } due || due < time.GetUtcNow() - _options.MaxInterval))
        {
            logger.ReDriven(TaskId, Current.Status);
            ArmDrive(TimeSpan.Zero);
        }

        return true;
    }

    public async IAsyncEnumerable<TaskSnapshot> WatchAsync(long afterVersion, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await EnsureLoadedAsync();
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

    /// <summary>
    /// Earlier versions kept a "watchdog" reminder per task: one that still fires resumes the task as it would have, and
    /// is removed.
    /// </summary>
    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        await ResumeAsync();
        if (await this.GetReminder(reminderName) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    /// <summary>Reads the state once per activation; an unfinished task's drive starts with it.</summary>
    private Task EnsureLoadedAsync() => _load ??= LoadAsync();

    private async Task LoadAsync()
    {
        try
        {
            await Record.ReadAsync();
        }
        catch
        {
            // The next call reads again.
            _load = null;
            throw;
        }

        // The current version goes again with the next publication, in case it was stored but never published.
        _publishedVersion = !Exists ? 0 : Finished ? Current.Version : Current.Version - 1;
        if (Exists && !Finished)
        {
            ArmDrive(TimeSpan.Zero);
        }

        CountInFlight();
    }

    /// <summary>
    /// The timer's callback: one step of the task's life (submit, poll or finish), then the next step is scheduled.
    /// Nothing that fails here (Rivya, storage, the account, the index, a bug) stops the drive: it is retried later.
    /// </summary>
    private async Task DriveAsync(CancellationToken cancellationToken)
    {
        using var span = TaskTracing.StartDrive(TaskId, State.AccountId, State.CreateTraceParent);
        using var logScope = TaskLogScope.Begin(logger, TaskId, State.AccountId);
        _driveDueAt = null;
        _driving = true;
        TimeSpan? next;
        try
        {
            next = await DriveStepAsync(cancellationToken);
        }
        catch (Exception) when (cancellationToken.IsCancellationRequested)
        {
            // The activation is going away; the next one (resumed by the account's reconciler) carries on.
            return;
        }
        catch (Exception e)
        {
            next = Plan.AfterStepFailure();
            logger.DriveFailed(TaskId, Exists ? Current.Status : ImageTaskStatus.Unspecified, next.Value, e);
        }
        finally
        {
            _driving = false;
        }

        if (next is { } delay)
        {
            ArmDrive(delay);
        }
        else
        {
            StopDrive();
        }
    }

    /// <returns>The delay before the next step, or null when the task needs nothing more.</returns>
    private async Task<TimeSpan?> DriveStepAsync(CancellationToken cancellationToken)
    {
        if (!Exists)
        {
            return null;
        }

        if (State.IsTooOld(time.GetUtcNow(), _options.MaxTaskAge))
        {
            logger.TooOld(TaskId, Current.Status, _options.MaxTaskAge);
            await FailAsync(new TaskFailure
            {
                Code = TaskFailureCodes.DeadlineExceeded,
                Message = $"The task did not finish within {_options.MaxTaskAge} (Polling:MaxTaskAge); ImageGrid stopped waiting for Rivya and released its credits.",
            });
        }

        if (!Current.Status.IsTerminal())
        {
            if (Plan.Held > TimeSpan.Zero)
            {
                return Plan.Held;
            }

            TimeSpan next;
            if (Current.Status == ImageTaskStatus.Submitting)
            {
                next = await SubmitStepAsync(cancellationToken);
            }
            else
            {
                // The poll is here rather than in a method of its own: most tasks in flight wait in it for the Rivya
                // budget, and each awaiting frame is memory every such task holds.
                try
                {
                    var task = await rivya.GetTaskAsync(Current.RivyaTaskId, Plan.ExpectedBy(time.GetUtcNow()), cancellationToken);
                    next = await ApplyAsync(task) ? Plan.AfterChange() : Plan.AfterNoChange(task, time.GetUtcNow());
                }
                catch (RivyaApiException e)
                {
                    next = Plan.AfterPollFailure(e.RetryAfter);
                    logger.UpstreamFailure(TaskId, "poll", e, next);
                }
            }

            if (!Current.Status.IsTerminal())
            {
                // Versions whose publication failed go now, not only with the next change.
                await PublishToAccountAsync();
                return next;
            }
        }

        await FinishAsync();
        return null;
    }

    private async Task<TimeSpan> SubmitStepAsync(CancellationToken cancellationToken)
    {
        using var ackDeadline = new CancellationTokenSource(_options.SubmitAckTimeout, time);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, ackDeadline.Token);
        try
        {
            await SubmitOnceAsync(deadline.Token);
        }
        catch (OperationCanceledException) when (ackDeadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            Plan.AfterSubmitFailure(null);
        }

        return Plan.Next(Current.Status);
    }

    /// <summary>
    /// The create's wait for Rivya's acknowledgement, at most <see cref="TaskPollingOptions.SubmitAckTimeout"/>. Each
    /// retry decision has one place: the HTTP pipeline retries quick failures (5xx, lost connections) within a call;
    /// this waits out a rate limit's Retry-After, which the pipeline leaves to the budget, when it ends before the
    /// deadline; anything left after that is the drive's, paced by <see cref="TaskPollingOptions.SubmitRetryInterval"/>.
    /// </summary>
    private async Task SubmitUntilAcknowledgedAsync()
    {
        using var deadline = new CancellationTokenSource(_options.SubmitAckTimeout, time);
        try
        {
            while (await SubmitOnceAsync(deadline.Token) == RivyaErrorCodes.RateLimited && Current.Status == ImageTaskStatus.Submitting)
            {
                await Task.Delay(Plan.Held, time, deadline.Token);
            }
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            Plan.AfterSubmitFailure(null);
        }
    }

    /// <summary>One create call (the HTTP pipeline retries within it); a transient failure holds the next request back.</summary>
    /// <returns>The code of a transient failure; null when Rivya answered or rejected the task.</returns>
    private async Task<string?> SubmitOnceAsync(CancellationToken cancellationToken)
    {
        try
        {
            var task = await rivya.CreateTaskAsync(RivyaTaskMapping.ToCreateRequest(TaskId, State.Request!), cancellationToken);
            upstream.ReportAccepted();
            await ApplyAsync(task);
            logger.Submitted(TaskId, task.Id, task.Status);
            return null;
        }
        catch (RivyaApiException e) when (!e.IsTransient)
        {
            logger.Rejected(TaskId, e.Code, e.HttpStatus);
            if (e.Code == RivyaErrorCodes.InsufficientCredits)
            {
                upstream.ReportOutOfCredits();
                logger.UpstreamOutOfCredits(TaskId);
            }

            await FailAsync(new TaskFailure { Code = e.Code, Message = e.Message });
            return null;
        }
        catch (RivyaApiException e)
        {
            var wait = Plan.AfterSubmitFailure(e.RetryAfter);
            logger.UpstreamFailure(TaskId, "submit", e, wait);
            return e.Code;
        }
    }

    /// <summary>
    /// Stores version 1 (SUBMITTING). A failed write leaves no half-made task behind: the call can be repeated.
    /// </summary>
    /// <returns>False when storage already held this task (read back now) and nothing was written.</returns>
    private async Task<bool> CreateAsync(TaskSubmission submission)
    {
        Record.State = TaskState.Created(submission, time.GetUtcNow(), TaskTracing.RecordedTraceParent());
        try
        {
            await Record.WriteAsync();
            return true;
        }
        catch (InconsistentStateException)
        {
            // Stored by an earlier call after all (or another activation): storage is the truth.
            _load = null;
            await EnsureLoadedAsync();
            if (!Exists)
            {
                throw;
            }

            return false;
        }
        catch (Exception e) when (e is not InconsistentStateException)
        {
            // The write may have landed all the same: the next call reads storage before anything else.
            Record.State = new TaskState();
            _load = null;
            throw;
        }
    }

    /// <summary>Records Rivya's view as a new version when a watcher would see a difference.</summary>
    private async Task<bool> ApplyAsync(RivyaTask task)
    {
        if (RivyaTaskMapping.ToStatus(task.Status) is null && !_unknownStatusLogged)
        {
            _unknownStatusLogged = true;
            logger.UnknownStatus(TaskId, task.Status);
        }

        if (State.NextFrom(task, time.GetUtcNow()) is not { } next)
        {
            return false;
        }

        var statusChanged = next.Status != Current.Status;
        await RecordAsync(next);
        if (statusChanged)
        {
            Plan.StatusChanged(task, time.GetUtcNow());
        }

        return true;
    }

    /// <summary>Ends the task FAILED with <paramref name="failure"/> as its next version.</summary>
    private Task FailAsync(TaskFailure failure) => RecordAsync(State.NextFailed(failure, time.GetUtcNow()));

    /// <summary>Stores a new version, wakes the task's watchers and tells the account's.</summary>
    private async Task RecordAsync(TaskProgress progress)
    {
        var left = Current.Status;
        var enteredAt = State.PhaseStartedAt();
        State.History.Add(progress);
        await WriteAsync(() => State.History.RemoveAt(State.History.Count - 1));

        if (progress.Status != left)
        {
            metrics.Transitioned(left, progress.Status, progress.UpdatedAt - enteredAt);
        }

        var previous = _published;
        _published = NewSignal();
        previous.TrySetResult();
        await PublishToAccountAsync();
        if (progress.Status.IsTerminal())
        {
            logger.Finished(TaskId, progress.Status, progress.Version);
        }
    }

    /// <summary>
    /// Writes the state over the version last read or written. A failure is undone in memory by <paramref name="undo"/>;
    /// on an ETag conflict (another activation wrote first) storage is read back and this activation ends, so the next
    /// call starts from storage, and the call fails visibly instead of overwriting the other write.
    /// </summary>
    private async Task WriteAsync(Action undo)
    {
        try
        {
            await Record.WriteAsync();
        }
        catch (InconsistentStateException)
        {
            await Record.ReadAsync();
            DeactivateOnIdle();
            throw;
        }
        catch
        {
            undo();
            throw;
        }
    }

    /// <summary>
    /// Closes the finished task: makes sure the account's index has the terminal version, then settles the reservation at
    /// Rivya's final credits (or releases it on failure). The open reservation is what brings the task back after a
    /// crash, so it closes last. Both parts are idempotent and throw when they fail, so the drive retries until both are
    /// done. Nothing more is stored: an activation of a task whose closing it did not see closes it again, which answers
    /// at once.
    /// </summary>
    private async Task FinishAsync()
    {
        if (State.CreditsClosed)
        {
            return;
        }

        if (!await PublishToAccountAsync())
        {
            throw new OrleansException($"The account's index did not take version {Current.Version} of task {TaskId}.");
        }

        var close = Current.Status == ImageTaskStatus.Succeeded
            ? ReservationClose.Settle(TaskId, Current.FinalCredits)
            : ReservationClose.Release(TaskId, $"task failed: {Current.Error?.Code}");
        var outcome = await closes.CloseAsync(State.AccountId, close);
        State.CreditsClosed = true;
        logger.CreditsClosed(TaskId, Current.Status, outcome.Kind);
        CountInFlight();
    }

    /// <summary>
    /// The account's watchers and listing see every version too, in one publication for all not yet published (which goes
    /// to the index together with other tasks' of the account); the task itself is the source of truth, so a failure is
    /// logged and the versions go again with the next publication.
    /// </summary>
    /// <returns>True when the index has every version.</returns>
    private async Task<bool> PublishToAccountAsync()
    {
        var current = Current.Version;
        if (_publishedVersion >= current)
        {
            return true;
        }

        try
        {
            await publications.PublishAsync(State.AccountId, State.SnapshotsAfter(TaskId, _publishedVersion));
            _publishedVersion = Math.Max(_publishedVersion, current);
            return true;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.AccountPublishFailed(TaskId, current, e);
            return false;
        }
    }

    /// <summary>Keeps the silo's count of tasks in flight in step with whether this one is unfinished.</summary>
    private void CountInFlight()
    {
        var inFlight = Exists && !Finished;
        if (inFlight != _countedInFlight)
        {
            _countedInFlight = inFlight;
            metrics.InFlightChanged(inFlight);
        }
    }

    private void ArmDrive(TimeSpan dueTime)
    {
        if (_driveTimer is null)
        {
            _driveTimer = this.RegisterGrainTimer(
                DriveAsync,
                new GrainTimerCreationOptions(dueTime, Timeout.InfiniteTimeSpan) { Interleave = false, KeepAlive = true });
        }
        else
        {
            _driveTimer.Change(dueTime, Timeout.InfiniteTimeSpan);
        }

        _driveDueAt = time.GetUtcNow() + dueTime;
    }

    private void StopDrive()
    {
        _driveTimer?.Dispose();
        _driveTimer = null;
        _driveDueAt = null;
    }

    private TaskSnapshot Snapshot(long version) => State.Snapshot(TaskId, version);

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
