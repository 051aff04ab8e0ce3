using System.Diagnostics.Metrics;
using System.Net;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.CircuitBreaker;

namespace ImageGrid.Rivya.Budget;

/// <summary>
/// This silo's view of a Rivya outage: Polly's circuit breaker, outermost on the Rivya client, counts calls that
/// failed after all their retries (refused connections, timeouts, 5xx; a 429 is the budget's business). When most
/// calls fail, the circuit opens: calls fail at once without reaching Rivya or taking a permit of the budget, and after
/// each <see cref="RivyaOptions.OutageProbeInterval"/> a single call goes through as a probe. An answer closes it.
/// The cluster shares the outage: the budget grain names one silo the prober, and the others hold their circuit open
/// by hand (<see cref="HoldOpenAsync"/>) until the prober sees Rivya answer again; then the rate ramps back up.
/// </summary>
public sealed partial class RivyaOutageCircuit
{
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _lock = new();
    private DateTimeOffset? _seenSince;
    private DateTimeOffset? _heldSince;

    public RivyaOutageCircuit(TimeProvider time, ILogger<RivyaOutageCircuit> logger, IMeterFactory? meters = null)
    {
        _time = time;
        _logger = logger;
        meters?.Create(RivyaRequestBudget.MeterName).CreateObservableGauge(
            "imagegrid.rivya.outage", () => OutSince is null ? 0 : 1, "{outage}", "1 while calls to Rivya are held back because Rivya is out (the circuit is open)");
    }

    public CircuitBreakerManualControl Control { get; } = new();

    public CircuitBreakerStateProvider State { get; } = new();

    /// <summary>This silo's own calls found Rivya out and it probes for the recovery (as opposed to holding open by the cluster's word).</summary>
    public bool SeesOutage
    {
        get
        {
            lock (_lock)
            {
                return _seenSince is not null;
            }
        }
    }

    /// <summary>Rivya counts as out: calls are held back, or a single one is out as the probe.</summary>
    public bool HoldsCallsBack => State.CircuitState != CircuitState.Closed;

    /// <summary>Since when calls from this silo are held back; null while they go.</summary>
    public DateTimeOffset? OutSince
    {
        get
        {
            lock (_lock)
            {
                return _seenSince ?? _heldSince;
            }
        }
    }

    /// <summary>The cluster's prober found Rivya out: hold calls back here too, without probing.</summary>
    public async Task HoldOpenAsync()
    {
        if (State.CircuitState != CircuitState.Isolated)
        {
            await Control.IsolateAsync();
        }
    }

    /// <summary>The cluster's outage is over (or was never seen here): let calls go again.</summary>
    public async Task ReleaseAsync()
    {
        if (State.CircuitState == CircuitState.Isolated)
        {
            await Control.CloseAsync();
        }
    }

    internal HttpCircuitBreakerStrategyOptions CreateStrategy(RivyaOptions options) => new()
    {
        Name = "outage",
        FailureRatio = options.OutageFailureRatio,
        MinimumThroughput = options.OutageMinimumCalls,
        SamplingDuration = options.OutageSamplingDuration,
        BreakDuration = options.OutageProbeInterval,
        ManualControl = Control,
        StateProvider = State,
        ShouldHandle = args => ValueTask.FromResult(IsOutage(args.Outcome, args.Context.CancellationToken)),
        OnOpened = args =>
        {
            OnOpened(args.IsManual, args.BreakDuration);
            return ValueTask.CompletedTask;
        },
        OnClosed = args =>
        {
            OnClosed(args.IsManual);
            return ValueTask.CompletedTask;
        },
    };

    /// <summary>No answer (a refused or cut connection, a timeout) or a 5xx; the caller's own cancellation is not Rivya's fault.</summary>
    private static bool IsOutage(Outcome<HttpResponseMessage> outcome, CancellationToken cancellationToken) => outcome switch
    {
        { Exception: OperationCanceledException } when cancellationToken.IsCancellationRequested => false,
        { Exception: HttpRequestException or OperationCanceledException or Polly.Timeout.TimeoutRejectedException } => true,
        { Result: { } response } => response.StatusCode >= HttpStatusCode.InternalServerError,
        _ => false,
    };

    private void OnOpened(bool manual, TimeSpan probeInterval)
    {
        var now = _time.GetUtcNow();
        bool first;
        lock (_lock)
        {
            first = _seenSince is null && _heldSince is null;
            if (manual)
            {
                // Held open by the cluster's word, this silo no longer probes, so it cannot see the outage end itself.
                _heldSince = _seenSince ?? now;
                _seenSince = null;
            }
            else
            {
                _seenSince ??= now;
            }
        }

        if (manual && first)
        {
            LogHeldOpen();
        }
        else if (!manual && first)
        {
            LogOpened(probeInterval);
        }
    }

    private void OnClosed(bool manual)
    {
        DateTimeOffset? since;
        lock (_lock)
        {
            since = _seenSince ?? _heldSince;
            _seenSince = null;
            _heldSince = null;
        }

        if (since is { } start)
        {
            LogClosed(manual ? "the cluster's probe" : "this silo's probe", _time.GetUtcNow() - start);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rivya is out (most calls failed after their retries): calls to Rivya are held back and one probe goes every {ProbeInterval}")]
    private partial void LogOpened(TimeSpan probeInterval);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rivya is out (another silo found it so and probes): calls to Rivya from this silo are held back")]
    private partial void LogHeldOpen();

    [LoggerMessage(Level = LogLevel.Information, Message = "Rivya answers again ({Source}); calls resume after {Outage} held back")]
    private partial void LogClosed(string source, TimeSpan outage);
}
