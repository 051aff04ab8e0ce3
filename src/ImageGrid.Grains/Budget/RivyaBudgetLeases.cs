using System.Security.Cryptography;
using System.Text;
using ImageGrid.Rivya;
using ImageGrid.Rivya.Budget;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ImageGrid.Grains.Budget;

/// <summary>
/// Keeps this silo's <see cref="RivyaRequestBudget"/> on its share of the cluster's: renews the lease from the key's
/// <see cref="IRivyaBudgetGrain"/> every second, with the requests per second the silo used and has waiting as its
/// demand, and passes every 429 on so that all silos wait and the rate drops. One grain call per second per silo, not
/// per request. It shares outages the same way: the silo says whether its own calls find Rivya out, and holds its calls
/// back while another silo probes. If the grain cannot be reached, the silo keeps the share it last had until that
/// lease runs out, counted from when its renewal was sent (the grain counts from when it arrived, so the silo stops no
/// later than the grain hands the share to others); then it sends at the share it starts with (a tenth of the cap) until
/// a renewal gets through, and its circuit decides alone.
/// </summary>
public sealed partial class RivyaBudgetLeases(
    IGrainFactory grains,
    RivyaRequestBudget budget,
    RivyaOutageCircuit circuit,
    IOptions<RivyaOptions> options,
    ILocalSiloDetails silo,
    TimeProvider time,
    ILogger<RivyaBudgetLeases> logger) : BackgroundService
{
    public static readonly TimeSpan RenewEvery = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan ReportAtMostEvery = TimeSpan.FromMilliseconds(250);

    private readonly IRivyaBudgetGrain _grain = grains.GetGrain<IRivyaBudgetGrain>(KeyFor(options.Value.ApiKey));
    private long _lastReport;
    private volatile bool _failing;
    private long _leaseSentAt;
    private TimeSpan _leaseValidFor;

    /// <summary>The rate the whole cluster runs at, as of the last lease.</summary>
    public double ClusterRate { get; private set; } = options.Value.RequestsPerSecond;

    /// <summary>The share of a silo without a lease: the slow start's first step of the cap and the burst.</summary>
    private (double Rate, double Burst) StartShare =>
        (options.Value.RequestsPerSecond * ClusterBudget.StartFraction, options.Value.Burst * ClusterBudget.StartFraction);

    /// <summary>The budget grain's key: one budget per Rivya key, named without the key itself.</summary>
    public static string KeyFor(string apiKey) =>
        "rivya-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(apiKey)))[..16];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        budget.RateLimited += OnRateLimited;
        // Until the first lease, the slow start's first step: several silos starting together stay within the cap.
        budget.SetShare(StartShare.Rate, StartShare.Burst);
        try
        {
            var siloName = silo.SiloAddress.ToParsableString();
            var granted = budget.Granted;
            var since = time.GetTimestamp();
            using var timer = new PeriodicTimer(RenewEvery, time);
            do
            {
                var grantedNow = budget.Granted;
                var elapsed = time.GetElapsedTime(since).TotalSeconds;
                var demand = (grantedNow - granted) / Math.Max(elapsed, 0.001) + budget.Waiting;
                (granted, since) = (grantedNow, time.GetTimestamp());
                await RenewAsync(siloName, demand);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            budget.RateLimited -= OnRateLimited;
        }
    }

    private async Task RenewAsync(string siloName, double demand)
    {
        try
        {
            var sentAt = time.GetTimestamp();
            // A renewal answered after its lease would have run out is of no use; waiting longer only delays the next one.
            var lease = await _grain.LeaseAsync(siloName, demand, circuit.SeesOutage).WaitAsync(RivyaBudgetGrain.LeaseDuration, time);
            (_leaseSentAt, _leaseValidFor) = (sentAt, lease.ValidFor);
            budget.SetShare(lease.Rate, lease.Burst, lease.ValidFor - time.GetElapsedTime(sentAt), StartShare);
            budget.PauseUntil(lease.PausedUntil);
            ClusterRate = lease.ClusterRate;
            if (lease.Outage && !lease.Probe)
            {
                await circuit.HoldOpenAsync();
            }
            else if (!lease.Outage)
            {
                await circuit.ReleaseAsync();
            }

            if (_failing)
            {
                _failing = false;
                LogLeaseRestored();
            }
        }
        catch (Exception e)
        {
            // Held back by the cluster's word, the silo cannot see Rivya return; without word from the cluster it decides alone again.
            if (time.GetElapsedTime(_leaseSentAt) >= _leaseValidFor)
            {
                await ReleaseQuietlyAsync();
            }

            if (!_failing)
            {
                _failing = true;
                LogLeaseFailed(e.GetType().Name, e.Message);
            }
        }
    }

    private async Task ReleaseQuietlyAsync()
    {
        try
        {
            await circuit.ReleaseAsync();
        }
        catch (Exception e)
        {
            LogReleaseFailed(e.GetType().Name);
        }
    }

    private void OnRateLimited(TimeSpan wait)
    {
        var now = time.GetTimestamp();
        var last = Interlocked.Read(ref _lastReport);
        if (last != 0 && time.GetElapsedTime(last, now) < ReportAtMostEvery || Interlocked.CompareExchange(ref _lastReport, now, last) != last)
        {
            return;
        }

        _ = ReportAsync(wait);
    }

    private async Task ReportAsync(TimeSpan wait)
    {
        try
        {
            await _grain.ReportCongestionAsync(wait);
        }
        catch (Exception e)
        {
            LogReportFailed(e.GetType().Name);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rivya budget: the cluster's lease could not be renewed ({Error}: {Reason}); this silo keeps its last share until the lease runs out, then a tenth of the cap until a renewal gets through")]
    private partial void LogLeaseFailed(string error, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Rivya budget: the cluster's lease is renewed again")]
    private partial void LogLeaseRestored();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rivya budget: this silo's calls held back by the cluster's word could not be let go ({Error})")]
    private partial void LogReleaseFailed(string error);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Rivya budget: a 429 could not be passed on to the cluster ({Error})")]
    private partial void LogReportFailed(string error);
}
