namespace ImageGrid.Benchmarks.Scenarios;

/// <summary>
/// When the server's adaptive schedule (Polling:InitialInterval, GrowthFactor, MaxInterval) should poll a task whose
/// status does not change: the first poll one initial interval after the create answered, then each delay grown by the
/// factor up to the maximum (1, 2.5, 4.75, 8.125, 13.125, 18.125 ... s with the defaults).
/// </summary>
public sealed class PollScheduleModel
{
    private readonly List<double> _dueSeconds = [];
    private readonly double _max;

    public PollScheduleModel(TimeSpan initial, TimeSpan max, double growth, TimeSpan horizon)
    {
        _max = max.TotalSeconds;
        var delay = initial.TotalSeconds;
        var at = delay;
        while (at <= horizon.TotalSeconds + _max)
        {
            _dueSeconds.Add(at);
            delay = Math.Min(delay * growth, _max);
            at += delay;
        }
    }

    /// <summary>Polls due in the first <paramref name="ageSeconds"/> of a task's life.</summary>
    public int DueBy(double ageSeconds)
    {
        if (ageSeconds <= 0)
        {
            return 0;
        }

        var index = _dueSeconds.BinarySearch(ageSeconds);
        return index >= 0 ? index + 1 : ~index;
    }

    /// <summary>When poll number <paramref name="n"/> (1-based) is due, counted from the create.</summary>
    public double DueAt(int n) => n <= _dueSeconds.Count ? _dueSeconds[n - 1] : _dueSeconds[^1] + ((n - _dueSeconds.Count) * _max);

    /// <summary>
    /// How far behind the schedule a task is that has been polled <paramref name="polls"/> times at age
    /// <paramref name="ageSeconds"/>: 0 if its next poll is not due yet, otherwise how long that poll is overdue. The
    /// server schedules each poll after the previous one completes, so this includes the slip accumulated over its life.
    /// </summary>
    public double SlipSeconds(int polls, double ageSeconds) => Math.Max(0, ageSeconds - DueAt(polls + 1));
}
