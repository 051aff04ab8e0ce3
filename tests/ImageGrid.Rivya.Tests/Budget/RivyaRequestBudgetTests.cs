using ImageGrid.Rivya.Budget;
using Microsoft.Extensions.Time.Testing;

namespace ImageGrid.Rivya.Tests.Budget;

/// <summary>The silo's token bucket with priorities, on a fake clock: permits go out at the rate, most urgent kind first.</summary>
public sealed class RivyaRequestBudgetTests
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-11-30T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture));

    [Fact]
    public async Task The_burst_goes_at_once_and_the_next_request_waits_one_interval_of_the_rate()
    {
        using var budget = new RivyaRequestBudget(rate: 10, burst: 3, _time);

        for (var i = 0; i < 3; i++)
        {
            Assert.True(budget.AcquireAsync(RivyaRequestKind.Poll, CancellationToken.None).IsCompletedSuccessfully);
        }

        var fourth = budget.AcquireAsync(RivyaRequestKind.Poll, CancellationToken.None).AsTask();
        _time.Advance(TimeSpan.FromMilliseconds(99));
        Assert.False(fourth.IsCompleted);
        _time.Advance(TimeSpan.FromMilliseconds(1));
        await fourth.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(4, budget.Granted);
    }

    [Fact]
    public async Task At_a_high_rate_waiting_requests_go_in_groups_5_ms_apart_not_one_timer_per_permit()
    {
        using var budget = new RivyaRequestBudget(rate: 1_000, burst: 50, _time);
        for (var i = 0; i < 50; i++)
        {
            await budget.AcquireAsync(RivyaRequestKind.Poll, CancellationToken.None);
        }

        var waiting = Enumerable.Range(0, 20).Select(_ => budget.AcquireAsync(RivyaRequestKind.Poll, CancellationToken.None).AsTask()).ToList();

        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(50, budget.Granted);
        _time.Advance(TimeSpan.FromMilliseconds(4));
        Assert.Equal(50 + 5, budget.Granted);
        _time.Advance(TimeSpan.FromMilliseconds(4));
        Assert.Equal(50 + 5, budget.Granted);
        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(50 + 10, budget.Granted);
        _time.Advance(TimeSpan.FromMilliseconds(10));
        await Task.WhenAll(waiting).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(50 + 20, budget.Granted);
    }

    [Fact]
    public async Task A_burst_smaller_than_a_group_still_lets_the_whole_rate_through()
    {
        using var budget = new RivyaRequestBudget(rate: 1_000, burst: 1, _time);
        await budget.AcquireAsync(RivyaRequestKind.Poll, CancellationToken.None);
        var waiting = Enumerable.Range(0, 10).Select(_ => budget.AcquireAsync(RivyaRequestKind.Poll, CancellationToken.None).AsTask()).ToList();

        for (var ms = 1; ms <= 10; ms++)
        {
            _time.Advance(TimeSpan.FromMilliseconds(1));
            Assert.Equal(1 + ms, budget.Granted);
        }

        await Task.WhenAll(waiting).WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task A_share_given_for_a_while_ends_then_and_the_share_for_afterwards_holds_until_a_new_one()
    {
        using var budget = new RivyaRequestBudget(rate: 100, burst: 10, _time);
        budget.SetShare(100, 10, TimeSpan.FromSeconds(3), (Rate: 2, Burst: 1));
        for (var i = 0; i < 10; i++)
        {
            await budget.AcquireAsync(RivyaRequestKind.Poll, CancellationToken.None);
        }

        var waiting = Enumerable.Range(0, 500).Select(_ => budget.AcquireAsync(RivyaRequestKind.Poll, CancellationToken.None).AsTask()).ToList();
        for (var ms = 0; ms < 3_000; ms += 10)
        {
            _time.Advance(TimeSpan.FromMilliseconds(10));
        }

        var atTheEnd = budget.Granted;
        for (var ms = 0; ms < 9_000; ms += 10)
        {
            _time.Advance(TimeSpan.FromMilliseconds(10));
        }

        // 3 s at 100/s; then 2/s.
        Assert.InRange(atTheEnd, 10 + 299, 10 + 300);
        Assert.InRange(budget.Granted - atTheEnd, 18, 19);
        Assert.Equal((2.0, 1.0), (budget.Rate, budget.Burst));
        atTheEnd = budget.Granted;

        budget.SetShare(100, 10, TimeSpan.FromSeconds(3), (Rate: 2, Burst: 1));
        for (var ms = 0; ms < 1_000; ms += 10)
        {
            _time.Advance(TimeSpan.FromMilliseconds(10));
        }

        Assert.True(budget.Granted - atTheEnd >= 100, $"granted {budget.Granted - atTheEnd} in the second after a new share");
        Assert.All(waiting, task => Assert.False(task.IsFaulted));
    }

    [Fact]
    public async Task Creates_go_before_uploads_before_polls_and_each_kind_in_arrival_order()
    {
        using var budget = new RivyaRequestBudget(rate: 10, burst: 1, _time);
        await budget.AcquireAsync(RivyaRequestKind.Poll, CancellationToken.None);
        var order = new List<string>();
        var waiting = new[]
        {
            Track(budget, RivyaRequestKind.Poll, "poll 1", order),
            Track(budget, RivyaRequestKind.Poll, "poll 2", order),
            Track(budget, RivyaRequestKind.Upload, "upload", order),
            Track(budget, RivyaRequestKind.Create, "create 1", order),
            Track(budget, RivyaRequestKind.Create, "create 2", order),
        };

        await GrantOneByOneAsync(order, waiting.Length);

        Assert.Equal(["create 1", "create 2", "upload", "poll 1", "poll 2"], order);
    }

    [Fact]
    public async Task Waiting_polls_go_by_need_the_task_expected_to_have_changed_earliest_first_then_in_arrival_order()
    {
        using var budget = new RivyaRequestBudget(rate: 10, burst: 1, _time);
        await budget.AcquireAsync(RivyaRequestKind.Poll, CancellationToken.None);
        var now = _time.GetUtcNow();
        var order = new List<string>();
        var waiting = new[]
        {
            TrackPoll(budget, now.AddSeconds(30), "expected in 30 s", order),
            TrackPoll(budget, now.AddSeconds(-5), "expected 5 s ago (a)", order),
            TrackPoll(budget, DateTimeOffset.MaxValue, "no expectation", order),
            TrackPoll(budget, now.AddSeconds(-5), "expected 5 s ago (b)", order),
        };

        await GrantOneByOneAsync(order, waiting.Length);

        Assert.Equal(["expected 5 s ago (a)", "expected 5 s ago (b)", "expected in 30 s", "no expectation"], order);
    }

    [Fact]
    public async Task Over_any_stretch_of_time_no_more_than_the_burst_and_the_rate_go_out()
    {
        const double rate = 20;
        const double burst = 5;
        using var budget = new RivyaRequestBudget(rate, burst, _time);
        var start = _time.GetUtcNow();
        var grantedAt = new List<DateTimeOffset>();
        var pending = Enumerable.Range(0, 200).Select(_ => budget.AcquireAsync(RivyaRequestKind.Poll, CancellationToken.None).AsTask()).ToList();

        for (var step = 0; step < 1_000 && pending.Count > 0; step++)
        {
            _time.Advance(TimeSpan.FromMilliseconds(10));
            await Task.Yield();
            foreach (var done in pending.Where(p => p.IsCompleted).ToList())
            {
                await done;
                pending.Remove(done);
                grantedAt.Add(_time.GetUtcNow());
            }
        }

        Assert.Empty(pending);
        var seconds = (grantedAt[^1] - start).TotalSeconds;
        Assert.True(200 <= burst + (rate * seconds) + 1, $"200 permits in {seconds} s");
        foreach (var from in grantedAt)
        {
            var inOneSecond = grantedAt.Count(t => t >= from && t < from.AddSeconds(1));
            Assert.True(inOneSecond <= burst + rate + 1, $"{inOneSecond} permits within one second");
        }
    }

    [Fact]
    public async Task A_429_holds_every_request_until_its_wait_is_over_and_then_lets_one_go_first()
    {
        using var budget = new RivyaRequestBudget(rate: 100, burst: 50, _time);
        budget.ReportRateLimited(TimeSpan.FromSeconds(2));
        var create = budget.AcquireAsync(RivyaRequestKind.Create, CancellationToken.None).AsTask();
        var poll = budget.AcquireAsync(RivyaRequestKind.Poll, CancellationToken.None).AsTask();

        _time.Advance(TimeSpan.FromMilliseconds(1_999));
        Assert.False(create.IsCompleted);
        _time.Advance(TimeSpan.FromMilliseconds(1));
        await create.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.False(poll.IsCompleted);
        _time.Advance(TimeSpan.FromMilliseconds(10));
        await poll.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(1, budget.RateLimitedAnswers);
    }

    [Fact]
    public async Task A_request_given_up_while_waiting_takes_no_permit()
    {
        using var budget = new RivyaRequestBudget(rate: 10, burst: 1, _time);
        await budget.AcquireAsync(RivyaRequestKind.Poll, CancellationToken.None);
        using var giveUp = new CancellationTokenSource();
        var abandoned = budget.AcquireAsync(RivyaRequestKind.Create, giveUp.Token).AsTask();
        var next = budget.AcquireAsync(RivyaRequestKind.Poll, CancellationToken.None).AsTask();

        await giveUp.CancelAsync();
        _time.Advance(TimeSpan.FromMilliseconds(100));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => abandoned);
        await next.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(2, budget.Granted);
    }

    [Fact]
    public async Task A_smaller_share_from_the_cluster_slows_the_requests_down()
    {
        using var budget = new RivyaRequestBudget(rate: 100, burst: 1, _time);
        await budget.AcquireAsync(RivyaRequestKind.Poll, CancellationToken.None);
        budget.SetShare(rate: 2, burst: 1);
        var next = budget.AcquireAsync(RivyaRequestKind.Poll, CancellationToken.None).AsTask();

        _time.Advance(TimeSpan.FromMilliseconds(400));
        Assert.False(next.IsCompleted);
        _time.Advance(TimeSpan.FromMilliseconds(100));
        await next.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(2, budget.Rate);
    }

    private static Task Track(RivyaRequestBudget budget, RivyaRequestKind kind, string name, List<string> order) =>
        Track(budget, kind, DateTimeOffset.MaxValue, name, order);

    private static Task TrackPoll(RivyaRequestBudget budget, DateTimeOffset expectedBy, string name, List<string> order) =>
        Track(budget, RivyaRequestKind.Poll, expectedBy, name, order);

    /// <summary>Asks for a permit and notes <paramref name="name"/> in <paramref name="order"/> once it is granted.</summary>
    private static Task Track(RivyaRequestBudget budget, RivyaRequestKind kind, DateTimeOffset expectedBy, string name, List<string> order) =>
        budget.AcquireAsync(kind, expectedBy, CancellationToken.None).AsTask().ContinueWith(_ =>
        {
            lock (order)
            {
                order.Add(name);
            }
        }, TaskScheduler.Default);

    /// <summary>Advances the clock one permit interval (rate 10/s) at a time until <paramref name="count"/> permits are granted.</summary>
    private async Task GrantOneByOneAsync(List<string> order, int count)
    {
        for (var i = 0; i < count; i++)
        {
            _time.Advance(TimeSpan.FromMilliseconds(100));
            await WaitForCountAsync(order, i + 1);
        }
    }

    private static async Task WaitForCountAsync(List<string> order, int count)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (true)
        {
            lock (order)
            {
                if (order.Count >= count)
                {
                    return;
                }
            }

            await Task.Delay(1, timeout.Token);
        }
    }
}
