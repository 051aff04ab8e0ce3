using ImageGrid.Grains.Scheduling;
using ImageGrid.Rivya;

namespace ImageGrid.Grains.Tests.Scheduling;

/// <summary>Phase lengths learned from Rivya's timestamps, and the first poll of a phase placed by them.</summary>
public sealed class PhaseStartTests
{
    private const string Kind = "gpt-image-2/1K";
    private static readonly TimeSpan Ramp = TimeSpan.FromSeconds(1);
    private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2026-11-30T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture);

    private static RivyaTask Task(string status, DateTimeOffset createdAt, DateTimeOffset updatedAt) =>
        new("task_1", status, "gpt-image-2", 3, 0, createdAt, updatedAt, null, null);

    private static TaskDurations WithHistory(TaskPhase phase, IEnumerable<double> seconds, bool learn = true)
    {
        var durations = new TaskDurations(learn);
        foreach (var s in seconds)
        {
            durations.Record(Kind, phase, TimeSpan.FromSeconds(s));
        }

        return durations;
    }

    [Fact]
    public void Without_enough_history_the_fixed_ramp_stays()
    {
        var durations = WithHistory(TaskPhase.Queued, Enumerable.Repeat(20.0, TaskDurations.MinimumSamples - 1));

        Assert.Null(new PhaseStart(durations, Kind, Ramp).Observe(Task(RivyaTaskStatuses.Queued, Now, Now), Now));
        Assert.Null(durations.Quantile(Kind, TaskPhase.Queued, 0.5));
    }

    [Fact]
    public void With_learning_off_no_history_is_kept_and_the_fixed_ramp_stays()
    {
        var durations = WithHistory(TaskPhase.Queued, Enumerable.Range(10, 100).Select(s => (double)s), learn: false);

        Assert.Null(new PhaseStart(durations, Kind, Ramp).Observe(Task(RivyaTaskStatuses.Queued, Now, Now), Now));
        Assert.Null(durations.Quantile(Kind, TaskPhase.Queued, 0.5));
    }

    [Fact]
    public void A_new_queued_task_is_first_polled_when_the_shortest_usual_queue_is_over()
    {
        // 100 queued phases of 10..109 s: the 5th percentile is 14 s.
        var durations = WithHistory(TaskPhase.Queued, Enumerable.Range(10, 100).Select(s => (double)s));

        var wait = new PhaseStart(durations, Kind, Ramp).Observe(Task(RivyaTaskStatuses.Queued, Now.AddSeconds(-2), Now.AddSeconds(-2)), Now);

        Assert.Equal(TimeSpan.FromSeconds(12), wait);
    }

    [Fact]
    public void Rivyas_timestamps_give_the_queued_and_running_lengths_of_a_task()
    {
        var durations = new TaskDurations();
        var phases = new PhaseStart(durations, Kind, Ramp);

        for (var i = 0; i < TaskDurations.MinimumSamples; i++)
        {
            var fresh = new PhaseStart(durations, Kind, Ramp);
            fresh.Observe(Task(RivyaTaskStatuses.Running, Now, Now.AddSeconds(20)), Now.AddSeconds(21));
            fresh.Observe(Task(RivyaTaskStatuses.Succeeded, Now, Now.AddSeconds(30)), Now.AddSeconds(31));
        }

        Assert.Equal(TimeSpan.FromSeconds(20), durations.Quantile(Kind, TaskPhase.Queued, 0.5));
        Assert.Equal(TimeSpan.FromSeconds(10), durations.Quantile(Kind, TaskPhase.Running, 0.5));
        Assert.Equal(TimeSpan.FromSeconds(9), phases.Observe(Task(RivyaTaskStatuses.Running, Now, Now.AddSeconds(1)), Now.AddSeconds(2)));
    }

    [Fact]
    public void Past_the_shortest_usual_length_polls_go_half_the_way_to_the_median_apart_at_most_the_longest_delay()
    {
        // 100 queued phases of 10..109 s: the 5th percentile is 14 s and the median 59 s, so the step is 22.5 s.
        var durations = WithHistory(TaskPhase.Queued, Enumerable.Range(10, 100).Select(s => (double)s));
        var unbounded = new PhaseStart(durations, Kind, Ramp);
        var bounded = new PhaseStart(durations, Kind, Ramp, longestDelay: TimeSpan.FromSeconds(5));
        var queuedAt = Now.AddSeconds(-15);
        unbounded.Observe(Task(RivyaTaskStatuses.Queued, queuedAt, queuedAt), Now);
        bounded.Observe(Task(RivyaTaskStatuses.Queued, queuedAt, queuedAt), Now);

        Assert.Equal(TimeSpan.FromSeconds(22.5), unbounded.Next(Ramp, Now));
        Assert.Equal(TimeSpan.FromSeconds(5), bounded.Next(Ramp, Now));
        Assert.Equal(TimeSpan.FromSeconds(30), unbounded.Next(TimeSpan.FromSeconds(30), Now));
        Assert.Null(new PhaseStart(new TaskDurations(), Kind, Ramp).Step(TaskPhase.Queued));
    }

    [Fact]
    public void A_rivya_clock_ahead_of_ours_never_delays_the_first_poll_past_the_phase_length_itself()
    {
        var durations = WithHistory(TaskPhase.Queued, Enumerable.Repeat(20.0, 40));

        var wait = new PhaseStart(durations, Kind, Ramp).Observe(Task(RivyaTaskStatuses.Queued, Now.AddMinutes(5), Now.AddMinutes(5)), Now);

        Assert.Equal(TimeSpan.FromSeconds(20), wait);
    }

    [Fact]
    public void A_phase_nearly_over_by_the_time_it_is_seen_keeps_the_fixed_ramp()
    {
        var durations = WithHistory(TaskPhase.Queued, Enumerable.Repeat(20.0, 40));

        Assert.Null(new PhaseStart(durations, Kind, Ramp).Observe(Task(RivyaTaskStatuses.Queued, Now.AddSeconds(-19.5), Now.AddSeconds(-19.5)), Now));
    }

    [Fact]
    public void Only_the_most_recent_window_of_phases_counts()
    {
        var durations = WithHistory(TaskPhase.Running, Enumerable.Repeat(100.0, TaskDurations.Window).Concat(Enumerable.Repeat(5.0, TaskDurations.Window)));

        Assert.Equal(TimeSpan.FromSeconds(5), durations.Quantile(Kind, TaskPhase.Running, 0.99));
    }

    [Fact]
    public void A_full_window_asked_before_follows_the_samples_taken_since()
    {
        var durations = WithHistory(TaskPhase.Running, Enumerable.Repeat(100.0, TaskDurations.Window));
        Assert.Equal(TimeSpan.FromSeconds(100), durations.Quantile(Kind, TaskPhase.Running, 0.5));

        for (var i = 0; i < TaskDurations.Window; i++)
        {
            durations.Record(Kind, TaskPhase.Running, TimeSpan.FromSeconds(5));
        }

        Assert.Equal(TimeSpan.FromSeconds(5), durations.Quantile(Kind, TaskPhase.Running, 0.5));
    }

    [Fact]
    public void A_filling_window_counts_every_sample_at_once()
    {
        var durations = WithHistory(TaskPhase.Queued, Enumerable.Repeat(10.0, TaskDurations.MinimumSamples));
        Assert.Equal(TimeSpan.FromSeconds(10), durations.Quantile(Kind, TaskPhase.Queued, 0.99));

        durations.Record(Kind, TaskPhase.Queued, TimeSpan.FromSeconds(30));

        Assert.Equal(TimeSpan.FromSeconds(30), durations.Quantile(Kind, TaskPhase.Queued, 1.0));
    }
}
