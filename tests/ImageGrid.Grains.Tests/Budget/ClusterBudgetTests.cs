using ImageGrid.Grains.Budget;

namespace ImageGrid.Grains.Tests.Budget;

/// <summary>The cluster's share-out and congestion control of one Rivya key's budget, on explicit times.</summary>
public sealed class ClusterBudgetTests
{
    private const double Cap = 200;
    private const double Burst = 100;
    private static readonly TimeSpan LeaseDuration = TimeSpan.FromSeconds(3);
    private static readonly DateTimeOffset T0 = DateTimeOffset.Parse("2026-11-30T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture);

    private static DateTimeOffset At(double seconds) => T0.AddSeconds(seconds);

    /// <summary>A budget out of slow start, at the cap.</summary>
    private static ClusterBudget AtCap()
    {
        var budget = new ClusterBudget(Cap, Burst, LeaseDuration);
        for (var second = 0; second <= 5; second++)
        {
            budget.Lease("a", 1, At(second));
        }

        Assert.Equal(Cap, budget.Rate);
        return budget;
    }

    [Fact]
    public void It_starts_at_a_tenth_of_the_cap_and_doubles_every_second_up_to_it()
    {
        var budget = new ClusterBudget(Cap, Burst, LeaseDuration);

        var rates = Enumerable.Range(0, 6).Select(second => budget.Lease("a", 1, At(second)).ClusterRate).ToList();

        Assert.Equal([20, 40, 80, 160, 200, 200], rates);
    }

    [Fact]
    public void One_silo_gets_the_whole_rate_and_burst()
    {
        var lease = AtCap().Lease("a", 50, At(6));

        Assert.Equal((Cap, Burst), (lease.Rate, lease.Burst));
    }

    [Fact]
    public void Silos_share_in_proportion_to_their_demand_and_the_shares_add_up_to_the_rate()
    {
        var budget = AtCap();

        // "a" held the whole rate until 8 s: "b" grows into it as those grants expire.
        for (var second = 6; second <= 9; second++)
        {
            budget.Lease("b", 30, At(second));
            budget.Lease("a", 10, At(second + 0.1));
        }

        var b = budget.Lease("b", 30, At(10));
        var a = budget.Lease("a", 10, At(10.1));
        Assert.Equal(Cap, a.Rate + b.Rate, precision: 6);
        Assert.Equal(3 * a.Rate, b.Rate, precision: 6);
        Assert.Equal(Burst, a.Burst + b.Burst, precision: 6);
    }

    [Fact]
    public void A_silo_whose_demand_grows_gets_only_what_the_others_grants_leave_until_those_expire()
    {
        var budget = AtCap();

        var before = budget.Lease("b", 100, At(6));
        var aLowered = budget.Lease("a", 1, At(6.1));
        var whileHeld = budget.Lease("b", 100, At(7.9));
        var afterExpiry = budget.Lease("b", 100, At(8.2));

        // "a" was granted the whole rate at 5 s for 3 s: it may still be sending at it until 8 s.
        Assert.Equal(0, before.Rate);
        Assert.Equal(Cap / 101, aLowered.Rate, precision: 6);
        Assert.Equal(0, whileHeld.Rate);
        Assert.Equal(Cap - aLowered.Rate, afterExpiry.Rate, precision: 6);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Whatever_the_silos_renewal_times_and_demands_the_grants_they_may_be_using_never_add_up_past_the_rate(int seed)
    {
        var random = new Random(seed);
        var budget = new ClusterBudget(Cap, Burst, LeaseDuration);
        var silos = new[] { "a", "b", "c", "d" };
        var issued = new List<(string Silo, BudgetLease Lease, double Expires)>();
        var peakRate = 0.0;
        var peakBurst = 0.0;
        var used = 0.0;
        for (var step = 0; step < 2_000; step++)
        {
            var now = step * 0.05;
            if (random.NextDouble() < 0.001)
            {
                budget.Congested(TimeSpan.FromMilliseconds(500), At(now));
            }

            // Each silo renews about once a second, some late; one is gone for a while now and then.
            var silo = silos[random.Next(silos.Length)];
            if (random.NextDouble() < 0.25 && !(silo == "d" && now % 30 > 20))
            {
                var lease = budget.Lease(silo, random.Next(0, 200), At(now));
                issued.Add((silo, lease, now + lease.ValidFor.TotalSeconds));
            }

            // A silo uses its latest lease until it expires, or, not having received it, an earlier one still valid.
            var held = issued.Where(i => i.Expires > now).GroupBy(i => i.Silo).ToList();
            var heldRate = held.Sum(g => g.Max(i => i.Lease.Rate));
            used += held.Sum(g => g.MaxBy(i => i.Expires).Lease.Rate) / budget.Rate;
            peakRate = Math.Max(peakRate, heldRate);
            peakBurst = Math.Max(peakBurst, held.Sum(g => g.Max(i => i.Lease.Burst)));
            Assert.True(peakRate <= Cap + 1e-9, $"{peakRate} requests/s granted at {now} s against a cap of {Cap}");
            Assert.True(peakBurst <= Burst + 1e-9, $"a burst of {peakBurst} granted at {now} s against {Burst}");
        }

        // Demands drawn anew at every renewal make the most of the wait for grants to expire: 74-76% of the rate in use.
        Assert.True(used / 2_000 > 0.6, $"the silos' latest grants were on average {used / 20:0}% of the rate (at most {peakRate}/s together)");
    }

    [Fact]
    public void The_share_of_a_silo_that_stops_renewing_goes_back_to_the_others_when_its_lease_expires()
    {
        var budget = AtCap();
        budget.Lease("dead", 100, At(6));

        var whileAlive = budget.Lease("a", 100, At(7));
        var afterExpiry = budget.Lease("a", 100, At(9.5));

        Assert.Equal(Cap / 2, whileAlive.Rate, precision: 6);
        Assert.Equal(Cap, afterExpiry.Rate, precision: 6);
    }

    [Fact]
    public void A_429_pauses_every_silo_and_halves_the_rate_once_per_congestion_event()
    {
        var budget = AtCap();

        budget.Congested(TimeSpan.FromSeconds(2), At(10));
        budget.Congested(TimeSpan.FromSeconds(2), At(10.2));
        budget.Congested(TimeSpan.FromSeconds(2), At(10.5));
        var lease = budget.Lease("a", 1, At(11));

        Assert.Equal(Cap / 2, lease.ClusterRate);
        Assert.Equal(At(12.5), lease.PausedUntil);
        Assert.Equal(Burst / 2, lease.Burst);
        budget.Congested(TimeSpan.FromSeconds(1), At(13));
        Assert.Equal(Cap / 4, budget.Rate);
    }

    [Fact]
    public void After_a_429_the_rate_climbs_back_by_a_twentieth_per_second_of_where_it_failed_and_never_past_the_cap()
    {
        var budget = AtCap();
        budget.Congested(TimeSpan.FromSeconds(1), At(10));

        var pausedRate = budget.Lease("a", 1, At(10.5)).ClusterRate;
        var climbed = budget.Lease("a", 1, At(13)).ClusterRate;
        var later = budget.Lease("a", 1, At(100)).ClusterRate;

        Assert.Equal(Cap / 2, pausedRate);
        Assert.Equal((Cap / 2) + (Cap * ClusterBudget.IncreasePerSecond * 2), climbed, precision: 6);
        Assert.Equal(Cap, later);
    }
    [Fact]
    public void The_first_silo_to_find_rivya_out_probes_and_the_others_hold_back()
    {
        var budget = AtCap();
        budget.Lease("b", 1, At(6));

        var first = budget.Lease("a", 1, At(6.1), seesOutage: true);
        var second = budget.Lease("b", 1, At(6.2), seesOutage: true);
        var third = budget.Lease("b", 1, At(7.2), seesOutage: false);

        Assert.True(first is { Outage: true, Probe: true });
        Assert.True(second is { Outage: true, Probe: false });
        Assert.True(third is { Outage: true, Probe: false });
        Assert.Equal("a", budget.Prober);
    }

    [Fact]
    public void The_probers_answer_ends_the_outage_and_the_rate_starts_over_from_the_slow_start()
    {
        var budget = AtCap();
        budget.Lease("a", 1, At(6), seesOutage: true);
        budget.Lease("b", 1, At(6.5));

        var back = budget.Lease("a", 1, At(20));
        var other = budget.Lease("b", 1, At(20.1));
        var rates = Enumerable.Range(21, 4).Select(second => budget.Lease("a", 1, At(second)).ClusterRate).ToList();

        Assert.True(back is { Outage: false, Probe: false });
        Assert.False(other.Outage);
        Assert.Equal(Cap * ClusterBudget.StartFraction, back.ClusterRate);
        Assert.Equal([40, 80, 160, 200], rates);
    }

    [Fact]
    public void A_dead_probers_outage_ends_with_its_lease_and_another_silo_can_take_over()
    {
        var budget = AtCap();
        budget.Lease("dead", 1, At(6), seesOutage: true);
        Assert.True(budget.Lease("a", 1, At(7)).Outage);

        var afterExpiry = budget.Lease("a", 1, At(9.5));
        var takeOver = budget.Lease("a", 1, At(10), seesOutage: true);

        Assert.False(afterExpiry.Outage);
        Assert.True(takeOver is { Outage: true, Probe: true });
    }
}
