using System.ComponentModel.DataAnnotations;

namespace ImageGrid.Grains.Accounts;

/// <summary>How an account grain reconciles its reservations (section "Accounts").</summary>
public sealed class AccountOptions
{
    public const string SectionName = "Accounts";

    /// <summary>
    /// Period of the "reconcile" reminder an account keeps while it holds open reservations: at most this long after a
    /// crash, its unfinished tasks are driven again. Not below Orleans' minimum reminder period (1 minute by default).
    /// </summary>
    [Range(typeof(TimeSpan), "00:01:00", "1.00:00:00")]
    public TimeSpan ReconcilePeriod { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// A reservation older than this whose task was never persisted is released as orphaned. Keep it well above the
    /// time a task takes from its reservation to its first write.
    /// </summary>
    [Range(typeof(TimeSpan), "00:01:00", "7.00:00:00")]
    public TimeSpan OrphanReservationAge { get; set; } = TimeSpan.FromMinutes(15);
}
