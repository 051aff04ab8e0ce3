using System.Collections.Concurrent;

namespace ImageGrid.Grains.Scheduling;

/// <summary>The phases of a Rivya task whose length the schedule learns.</summary>
public enum TaskPhase
{
    Queued,
    Running,
}

/// <summary>
/// How long Rivya's tasks stayed queued and running, per model and resolution, as Rivya's own timestamps tell: the last
/// <see cref="Window"/> finished tasks of each kind on this silo. Polls then go around the expected transition instead
/// of on a fixed ramp from the start of each phase.
/// </summary>
/// <param name="learn">False keeps nothing, so every task keeps the fixed ramp.</param>
public sealed class TaskDurations(bool learn = true)
{
    /// <summary>Samples kept per kind and phase: recent enough to follow a change of Rivya's pace.</summary>
    public const int Window = 512;

    /// <summary>Below this many samples the schedule keeps its fixed ramp.</summary>
    public const int MinimumSamples = 20;

    private readonly ConcurrentDictionary<(string Kind, TaskPhase Phase), Samples> _samples = new();

    /// <summary>The kind of task durations are kept for: its model and resolution.</summary>
    public static string KindOf(ImageRequest request) =>
        request.Parameters.TryGetValue("resolution", out var resolution) ? $"{request.Model}/{resolution}" : request.Model;

    public void Record(string kind, TaskPhase phase, TimeSpan duration)
    {
        if (learn && duration > TimeSpan.Zero)
        {
            _samples.GetOrAdd((kind, phase), _ => new Samples()).Add(duration);
        }
    }

    /// <summary>The <paramref name="quantile"/> (0-1) of the phase's observed durations, or null without enough of them.</summary>
    public TimeSpan? Quantile(string kind, TaskPhase phase, double quantile) =>
        _samples.TryGetValue((kind, phase), out var samples) ? samples.Quantile(quantile) : null;

    private sealed class Samples
    {
        /// <summary>
        /// New samples a full window takes before its quantiles are sorted again: every poll asks them, and
        /// <see cref="Window"/> samples barely move with this many new ones.
        /// </summary>
        private const int ResortAfter = 16;

        private readonly TimeSpan[] _ring = new TimeSpan[Window];
        private readonly Lock _lock = new();
        private int _count;
        private int _next;
        private int _addedSinceSort;
        private TimeSpan[]? _sorted;

        public void Add(TimeSpan duration)
        {
            lock (_lock)
            {
                _ring[_next] = duration;
                _next = (_next + 1) % Window;
                _count = Math.Min(_count + 1, Window);
                _addedSinceSort++;
            }
        }

        public TimeSpan? Quantile(double quantile)
        {
            TimeSpan[] sorted;
            lock (_lock)
            {
                if (_count < MinimumSamples)
                {
                    return null;
                }

                if (_sorted is null || _addedSinceSort >= ResortAfter || (_addedSinceSort > 0 && _count < Window))
                {
                    var copy = _ring[.._count];
                    Array.Sort(copy);
                    _sorted = copy;
                    _addedSinceSort = 0;
                }

                sorted = _sorted;
            }

            return sorted[(int)Math.Clamp(Math.Floor(quantile * (sorted.Length - 1)), 0, sorted.Length - 1)];
        }
    }
}
