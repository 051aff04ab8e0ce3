namespace ImageGrid.Grains.Budget;

/// <summary>
/// The rules of the cluster's Rivya budget, apart from Orleans, after TCP's congestion control. The rate starts at a
/// tenth of the cap and doubles every second (slow start) until the cap or the first 429. A 429 halves it, once per
/// congestion event, and from there it climbs back by a twentieth per second of the rate the 429 came at (additive
/// increase), never past the cap. The burst shrinks and grows with the rate. Rate and burst are split among the silos
/// holding a live lease in proportion to their demand. A lease is a grant of part of the rate and burst, held for the
/// silo until it expires whether or not a later renewal lowered it (the silo may not have received the lower one), so
/// a silo's share grows only into what the others' leases leave free and the grants never add up past the rate the
/// cluster had when they were made. An outage of Rivya is shared too: one silo probes, the others hold back, and the
/// rate starts over when Rivya is back.
/// </summary>
public sealed class ClusterBudget(double cap, double burst, TimeSpan leaseDuration)
{
    public const double StartFraction = 0.1;
    public const double IncreasePerSecond = 0.05;

    private static readonly TimeSpan CongestionEvent = TimeSpan.FromSeconds(1);

    private readonly double _cap = cap;
    private readonly double _burst = burst;
    private readonly Dictionary<string, SiloLeases> _leases = new(StringComparer.Ordinal);
    private bool _slowStart = true;
    private double _congestionRate = cap;
    private DateTimeOffset _lastDecrease = DateTimeOffset.MinValue;
    private DateTimeOffset _lastClimb = DateTimeOffset.MinValue;

    /// <summary>The rate the whole cluster may send at now.</summary>
    public double Rate { get; private set; } = Math.Max(Math.Min(1, cap), cap * StartFraction);

    public DateTimeOffset PausedUntil { get; private set; } = DateTimeOffset.MinValue;

    /// <summary>The silo whose calls found Rivya out and that alone probes for its return; null while Rivya answers.</summary>
    public string? Prober { get; private set; }

    /// <param name="seesOutage">The silo's own calls find Rivya out (its circuit opened by itself, not by the cluster's word).</param>
    public BudgetLease Lease(string silo, double demand, DateTimeOffset now, bool seesOutage = false)
    {
        Climb(now);
        foreach (var (name, held) in _leases)
        {
            held.Grants.RemoveAll(grant => grant.Expires <= now);
            if (held.Grants.Count == 0)
            {
                _leases.Remove(name);
            }
        }

        FollowOutage(silo, seesOutage, now);

        if (!_leases.TryGetValue(silo, out var leases))
        {
            _leases[silo] = leases = new SiloLeases();
        }

        // Every silo weighs at least one request per second, so an idle one can still start at once.
        leases.Demand = Math.Max(demand, 1);
        var share = leases.Demand / _leases.Values.Sum(held => held.Demand);
        var clusterBurst = _burst * (Rate / _cap);
        var others = _leases.Where(held => held.Key != silo).Select(held => held.Value).ToList();
        var rate = Math.Min(Rate * share, Math.Max(0, Rate - others.Sum(held => held.HeldRate)));
        var burst = Math.Min(clusterBurst * share, Math.Max(0, clusterBurst - others.Sum(held => held.HeldBurst)));
        leases.Grants.Add(new Grant(rate, burst, now + leaseDuration));
        return new BudgetLease
        {
            Rate = rate,
            Burst = burst,
            PausedUntil = PausedUntil,
            ClusterRate = Rate,
            ValidFor = leaseDuration,
            Outage = Prober is not null,
            Probe = Prober == silo,
        };
    }

    /// <summary>
    /// The first silo to find Rivya out probes for the whole cluster; the others hold back. When the prober finds
    /// Rivya back, the rate starts over from the slow start's first step. A prober whose lease expired (its silo died)
    /// ends the outage: the others' calls go again and one of them takes over if Rivya is still out.
    /// </summary>
    private void FollowOutage(string silo, bool seesOutage, DateTimeOffset now)
    {
        if (Prober is not null && Prober != silo && !_leases.ContainsKey(Prober))
        {
            Prober = null;
        }

        if (seesOutage && Prober is null)
        {
            Prober = silo;
        }
        else if (!seesOutage && Prober == silo)
        {
            Prober = null;
            Rate = Math.Min(Rate, Math.Max(Math.Min(1, _cap), _cap * StartFraction));
            _slowStart = true;
            _lastClimb = now;
        }
    }

    public void Congested(TimeSpan retryAfter, DateTimeOffset now)
    {
        if (now + retryAfter > PausedUntil)
        {
            PausedUntil = now + retryAfter;
        }

        // The 429s of one congestion event (every silo's requests of that moment) halve the rate once.
        if (now - _lastDecrease >= CongestionEvent)
        {
            _congestionRate = Rate;
            Rate = Math.Max(Math.Min(1, _cap), Rate / 2);
            _slowStart = false;
            _lastDecrease = now;
        }

        _lastClimb = PausedUntil;
    }

    private void Climb(DateTimeOffset now)
    {
        if (_lastClimb == DateTimeOffset.MinValue)
        {
            _lastClimb = now;
            return;
        }

        if (now <= PausedUntil || now - _lastDecrease < CongestionEvent || now <= _lastClimb)
        {
            return;
        }

        var seconds = (now - _lastClimb).TotalSeconds;
        _lastClimb = now;
        Rate = Math.Min(_cap, _slowStart
            ? Rate * Math.Pow(2, seconds)
            : Rate + (_congestionRate * IncreasePerSecond * seconds));
    }

    /// <summary>A silo's demand and the grants it was given that have not expired: it may be using any of them.</summary>
    private sealed class SiloLeases
    {
        public double Demand { get; set; }

        public List<Grant> Grants { get; } = [];

        public double HeldRate => Grants.Max(grant => grant.Rate);

        public double HeldBurst => Grants.Max(grant => grant.Burst);
    }

    private readonly record struct Grant(double Rate, double Burst, DateTimeOffset Expires);
}
