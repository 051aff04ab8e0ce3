using System.Diagnostics.Metrics;

namespace ImageGrid.Rivya.Budget;

/// <summary>
/// This silo's share of the Rivya key's request budget: a token bucket whose rate and burst the cluster sets
/// (<see cref="SetShare"/>), held shut while Rivya's Retry-After runs, that hands its permits to waiting requests
/// creates first, then uploads, then polls; creates and uploads first come first served, polls by need (the task
/// expected to have changed earliest first, then first come). A request that does not fit waits its turn; it is never
/// refused.
/// </summary>
public sealed class RivyaRequestBudget : IDisposable
{
    private const double MinimumRate = 0.1;

    /// <summary>
    /// Waiting requests go in groups of the permits of this long (at most the burst). At a high rate a timer per permit
    /// would wake a thread per request (5,000 a second on a 5,000/s share) and contend for the timer queue with every
    /// task's poll timer: with 100,000 tasks in flight that tripled the server's CPU.
    /// </summary>
    private static readonly TimeSpan DispatchSpacing = TimeSpan.FromMilliseconds(5);

    private readonly Queue<PermitWaiter> _creates = new();
    private readonly Queue<PermitWaiter> _uploads = new();
    private readonly PriorityQueue<PermitWaiter, (DateTimeOffset ExpectedBy, long Arrival)> _polls = new();
    private readonly Lock _lock = new();
    private readonly TimeProvider _time;
    private readonly ITimer _dispatch;
    private double _rate;
    private double _burst;
    private double _tokens;
    private DateTimeOffset _refilledAt;
    /// <summary>When the cluster's last word on the share runs out; MaxValue for a share with no end.</summary>
    private DateTimeOffset _shareEndsAt = DateTimeOffset.MaxValue;
    private (double Rate, double Burst) _shareAfterEnd;
    private DateTimeOffset _pausedUntil = DateTimeOffset.MinValue;
    private long _granted;
    private long _rateLimited;
    private long _arrivals;
    /// <summary>When the dispatch timer is due; null when it is not set.</summary>
    private DateTimeOffset? _dispatchDueAt;

    /// <summary>The meter of the budget's instruments (the current share, waiting requests, permits, 429s).</summary>
    public const string MeterName = "ImageGrid.Rivya";

    public RivyaRequestBudget(double rate, double burst, TimeProvider time, IMeterFactory? meters = null)
    {
        if (meters?.Create(MeterName) is { } meter)
        {
            meter.CreateObservableGauge("imagegrid.rivya.budget.rate", () => Rate, "{request}/s", "Requests per second this silo may send to Rivya now (its share of the cluster's budget)");
            meter.CreateObservableGauge("imagegrid.rivya.budget.waiting", () => Waiting, "{request}", "Requests waiting for a permit of the Rivya budget");
            meter.CreateObservableCounter("imagegrid.rivya.budget.granted", () => Granted, "{request}", "Requests the budget let go to Rivya");
            meter.CreateObservableCounter("imagegrid.rivya.rate_limited", () => RateLimitedAnswers, "{response}", "429 answers from Rivya");
        }

        _time = time;
        _rate = Math.Max(rate, MinimumRate);
        _burst = Math.Max(burst, 1);
        _tokens = _burst;
        _refilledAt = time.GetUtcNow();
        _dispatch = time.CreateTimer(_ => Dispatch(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Raised when Rivya answered 429, with the wait it asked for (already capped).</summary>
    public event Action<TimeSpan>? RateLimited;

    /// <summary>Permits per second this silo may use now.</summary>
    public double Rate
    {
        get
        {
            lock (_lock)
            {
                Refill();
                return _rate;
            }
        }
    }

    public double Burst
    {
        get
        {
            lock (_lock)
            {
                Refill();
                return _burst;
            }
        }
    }

    /// <summary>Until when no request goes (Rivya's Retry-After); in the past when none is held back.</summary>
    public DateTimeOffset PausedUntil
    {
        get
        {
            lock (_lock)
            {
                return _pausedUntil;
            }
        }
    }

    /// <summary>Requests waiting for a permit.</summary>
    public int Waiting
    {
        get
        {
            lock (_lock)
            {
                return _creates.Count + _uploads.Count + _polls.Count;
            }
        }
    }

    /// <summary>Permits handed out since the start.</summary>
    public long Granted => Interlocked.Read(ref _granted);

    /// <summary>429 answers seen since the start.</summary>
    public long RateLimitedAnswers => Interlocked.Read(ref _rateLimited);

    /// <summary>Completes when the request may go; a request that cannot go at once waits behind those of its kind and of more urgent kinds.</summary>
    public ValueTask AcquireAsync(RivyaRequestKind kind, CancellationToken cancellationToken) =>
        AcquireAsync(kind, DateTimeOffset.MaxValue, cancellationToken);

    /// <summary>As <see cref="AcquireAsync(RivyaRequestKind, CancellationToken)"/>; a poll expected to find a change earlier waits less.</summary>
    public ValueTask AcquireAsync(RivyaRequestKind kind, DateTimeOffset expectedBy, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        PermitWaiter waiter;
        lock (_lock)
        {
            Refill();
            if (_tokens >= 1 && !IsPaused() && IsEmpty())
            {
                _tokens -= 1;
                Interlocked.Increment(ref _granted);
                return ValueTask.CompletedTask;
            }

            // A cancelled waiter stays queued, completed, and the dispatcher skips it without spending a token.
            waiter = new PermitWaiter(cancellationToken);
            switch (kind)
            {
                case RivyaRequestKind.Create:
                    _creates.Enqueue(waiter);
                    break;
                case RivyaRequestKind.Upload:
                    _uploads.Enqueue(waiter);
                    break;
                default:
                    _polls.Enqueue(waiter, (expectedBy, _arrivals++));
                    break;
            }

            ScheduleDispatch();
        }

        return new ValueTask(waiter.Task);
    }

    /// <summary>The silo's own word on its share, with no end: tokens above the new burst are dropped.</summary>
    public void SetShare(double rate, double burst) => SetShare(rate, burst, DateTimeOffset.MaxValue, default);

    /// <summary>
    /// The cluster's word on this silo's share, for <paramref name="validFor"/>: without a newer word the share is
    /// <paramref name="afterwards"/> from then on, since the cluster hands a share to others once its lease has expired.
    /// </summary>
    public void SetShare(double rate, double burst, TimeSpan validFor, (double Rate, double Burst) afterwards) =>
        SetShare(rate, burst, _time.GetUtcNow() + (validFor > TimeSpan.Zero ? validFor : TimeSpan.Zero), afterwards);

    private void SetShare(double rate, double burst, DateTimeOffset endsAt, (double Rate, double Burst) afterwards)
    {
        lock (_lock)
        {
            Refill();
            _rate = Math.Max(rate, MinimumRate);
            _burst = Math.Max(burst, 1);
            _tokens = Math.Min(_tokens, _burst);
            (_shareEndsAt, _shareAfterEnd) = (endsAt, afterwards);
            ScheduleDispatch();
        }
    }

    /// <summary>No request goes before <paramref name="until"/> (never shortens a pause already set).</summary>
    public void PauseUntil(DateTimeOffset until)
    {
        lock (_lock)
        {
            if (until > _pausedUntil)
            {
                _pausedUntil = until;
                _tokens = Math.Min(_tokens, 1);
            }

            ScheduleDispatch();
        }
    }

    /// <summary>Rivya answered 429: hold every request back for <paramref name="wait"/> and tell the cluster.</summary>
    public void ReportRateLimited(TimeSpan wait)
    {
        Interlocked.Increment(ref _rateLimited);
        PauseUntil(_time.GetUtcNow() + wait);
        RateLimited?.Invoke(wait);
    }

    public void Dispose() => _dispatch.Dispose();

    /// <summary>
    /// A request waiting for its permit: no more than this (and its place in a queue), since with many tasks in flight on
    /// a small budget most of them wait here.
    /// </summary>
    private sealed class PermitWaiter : TaskCompletionSource
    {
        private readonly CancellationTokenRegistration _cancellation;

        public PermitWaiter(CancellationToken cancellationToken)
            : base(TaskCreationOptions.RunContinuationsAsynchronously)
        {
            _cancellation = cancellationToken.UnsafeRegister(static (state, token) => ((PermitWaiter)state!).TrySetCanceled(token), this);
        }

        public bool Grant()
        {
            var granted = TrySetResult();
            _cancellation.Dispose();
            return granted;
        }
    }

    private void Dispatch()
    {
        var granted = new List<PermitWaiter>();
        lock (_lock)
        {
            _dispatchDueAt = null;
            Refill();
            while (!IsPaused() && _tokens >= 1 && NextWaiter() is { } waiter)
            {
                _tokens -= 1;
                granted.Add(waiter);
            }

            ScheduleDispatch();
        }

        foreach (var waiter in granted)
        {
            if (waiter.Grant())
            {
                Interlocked.Increment(ref _granted);
            }
        }
    }

    /// <summary>The most urgent waiter still waiting; cancelled ones are dropped on the way.</summary>
    private PermitWaiter? NextWaiter() => NextInQueue(_creates) ?? NextInQueue(_uploads) ?? NextPoll();

    private PermitWaiter? NextPoll()
    {
        while (_polls.TryDequeue(out var poll, out _))
        {
            if (!poll.Task.IsCompleted)
            {
                return poll;
            }
        }

        return null;
    }

    private static PermitWaiter? NextInQueue(Queue<PermitWaiter> queue)
    {
        while (queue.TryDequeue(out var waiter))
        {
            if (!waiter.Task.IsCompleted)
            {
                return waiter;
            }
        }

        return null;
    }

    private bool IsEmpty() => _creates.Count == 0 && _uploads.Count == 0 && _polls.Count == 0;

    private void ScheduleDispatch()
    {
        if (IsEmpty())
        {
            return;
        }

        var now = _time.GetUtcNow();
        var due = now < _pausedUntil
            ? _pausedUntil - now
            : _tokens >= 1 ? TimeSpan.Zero : TimeSpan.FromSeconds((GroupSize() - _tokens) / _rate);
        due = due < TimeSpan.Zero ? TimeSpan.Zero : due;
        // A dispatch already due as early looks at everything again when it runs: the timer is not moved for each arrival.
        if (_dispatchDueAt is { } scheduled && scheduled <= now + due)
        {
            return;
        }

        _dispatchDueAt = now + due;
        _dispatch.Change(due, Timeout.InfiniteTimeSpan);
    }

    /// <summary>The permits a dispatch waits for: those of <see cref="DispatchSpacing"/>, at most the burst, at least one.</summary>
    private double GroupSize() => Math.Max(1, Math.Min(_burst, _rate * DispatchSpacing.TotalSeconds));

    private bool IsPaused() => _time.GetUtcNow() < _pausedUntil;

    /// <summary>
    /// Tokens accrue at the rate up to the burst, but not while paused: the first request after a pause is alone. Past the
    /// share's end they accrue at the share that follows it.
    /// </summary>
    private void Refill()
    {
        var now = _time.GetUtcNow();
        if (now >= _shareEndsAt)
        {
            Accrue(_shareEndsAt);
            _rate = Math.Max(_shareAfterEnd.Rate, MinimumRate);
            _burst = Math.Max(_shareAfterEnd.Burst, 1);
            _tokens = Math.Min(_tokens, _burst);
            _shareEndsAt = DateTimeOffset.MaxValue;
        }

        Accrue(now);
    }

    private void Accrue(DateTimeOffset until)
    {
        var from = _refilledAt > _pausedUntil ? _refilledAt : _pausedUntil;
        if (until <= _refilledAt)
        {
            return;
        }

        _refilledAt = until;
        if (until > from)
        {
            _tokens = Math.Min(_burst, _tokens + (until - from).TotalSeconds * _rate);
        }
    }
}
