using ImageGrid.Grains;

namespace ImageGrid.Grains.Tests;

public sealed class PollScheduleTests
{
    private static readonly TaskPollingOptions Options = new()
    {
        InitialInterval = TimeSpan.FromSeconds(1),
        MaxInterval = TimeSpan.FromSeconds(5),
        GrowthFactor = 2,
    };

    [Fact]
    public void Grows_by_the_factor_while_nothing_changes_and_stops_at_the_maximum()
    {
        var schedule = new PollSchedule(Options);

        var delays = Enumerable.Range(0, 5).Select(_ => schedule.AfterNoChange().TotalSeconds).ToArray();

        Assert.Equal([2, 4, 5, 5, 5], delays);
    }

    [Fact]
    public void Returns_to_the_initial_interval_after_a_change()
    {
        var schedule = new PollSchedule(Options);
        schedule.AfterNoChange();
        schedule.AfterNoChange();

        Assert.Equal(TimeSpan.FromSeconds(1), schedule.AfterChange());
        Assert.Equal(TimeSpan.FromSeconds(2), schedule.AfterNoChange());
    }

    [Fact]
    public void Honours_a_retry_after_longer_than_the_grown_delay()
    {
        var schedule = new PollSchedule(Options);

        Assert.Equal(TimeSpan.FromSeconds(30), schedule.AfterError(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public void Keeps_the_grown_delay_when_retry_after_is_shorter_or_absent()
    {
        var schedule = new PollSchedule(Options);

        Assert.Equal(TimeSpan.FromSeconds(2), schedule.AfterError(TimeSpan.FromMilliseconds(10)));
        Assert.Equal(TimeSpan.FromSeconds(4), schedule.AfterError(null));
    }
}
