using ImageGrid.Rivya;
using Microsoft.Extensions.Options;

namespace ImageGrid.Grains.Budget;

/// <summary>
/// One activation per Rivya key in the cluster. Its state is only what it learned of Rivya's limit: if it is lost with
/// its silo, the next activation starts again from the cap, and a 429 brings it down again.
/// </summary>
public sealed class RivyaBudgetGrain(IOptions<RivyaOptions> options, TimeProvider time) : Grain, IRivyaBudgetGrain
{
    /// <summary>How long a silo's share holds without a renewal; a dead silo's share goes back to the others after it.</summary>
    public static readonly TimeSpan LeaseDuration = TimeSpan.FromSeconds(3);

    private readonly ClusterBudget _budget = new(options.Value.RequestsPerSecond, options.Value.Burst, LeaseDuration);

    public Task<BudgetLease> LeaseAsync(string silo, double demand, bool seesOutage) =>
        Task.FromResult(_budget.Lease(silo, demand, time.GetUtcNow(), seesOutage));

    public Task ReportCongestionAsync(TimeSpan retryAfter)
    {
        _budget.Congested(retryAfter, time.GetUtcNow());
        return Task.CompletedTask;
    }
}
