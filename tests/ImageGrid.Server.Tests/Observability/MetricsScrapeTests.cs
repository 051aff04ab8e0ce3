using Grpc.Core;
using ImageGrid.Contracts.V1;
using ImageGrid.Server.Tests.Chaos;
using ImageGrid.Server.Tests.Infrastructure;
using TaskStatus = ImageGrid.Contracts.V1.TaskStatus;

namespace ImageGrid.Server.Tests.Observability;

/// <summary>/metrics of a running server, scraped before and after real tasks: each named series moves by what happened.</summary>
[Collection(ObservedServerCollection.Name)]
public sealed class MetricsScrapeTests(ObservedServerFixture fixture)
{
    private const string Model = "gpt-image-2";

    [Fact]
    public async Task A_finished_task_moves_the_created_transition_phase_rivya_and_credit_series_by_what_it_did()
    {
        var account = await fixture.CreateAccountAsync(100);
        var before = await fixture.ScrapeAsync();
        var simulatorBefore = await fixture.Simulator.GetStatsAsync();

        var created = await account.Client.CreateImageAsync(new CreateImageRequest { Prompt = "a lighthouse at dawn" });
        // After version 1 (SUBMITTING): every later version with the status it came from.
        var updates = await account.Client.WatchToEndAsync(created.Id, afterVersion: 1);
        var after = await SettledScrapeAsync(account);
        var simulatorAfter = await fixture.Simulator.GetStatsAsync();

        Assert.Equal(1, Delta(before, after, "imagegrid_tasks_created_total", ("model", Model), ("outcome", "created")));
        var final = updates[^1].Task;
        Assert.Equal(TaskStatus.Succeeded, final.Status);
        var transitions = updates.Where(update => update.PreviousStatus != update.Task.Status)
            .Select(update => (From: Name(update.PreviousStatus), To: Name(update.Task.Status))).ToList();
        foreach (var (from, to) in transitions.Distinct())
        {
            var expected = transitions.Count(t => t == (from, to));
            Assert.Equal(expected, Delta(before, after, "imagegrid_tasks_transitions_total", ("from", from), ("to", to)));
            Assert.Equal(expected, Delta(before, after, "imagegrid_tasks_phase_duration_seconds_count", ("phase", from), ("to", to)));
        }

        Assert.Equal(transitions.Count, Delta(before, after, "imagegrid_tasks_transitions_total"));
        Assert.Equal(0, after.Value("imagegrid_tasks_in_flight"));

        Assert.Equal(1, Delta(before, after, "imagegrid_rivya_requests_total", ("endpoint", "create"), ("outcome", "ok")));
        Assert.Equal(simulatorAfter.PollRequests - simulatorBefore.PollRequests, Delta(before, after, "imagegrid_rivya_requests_total", ("endpoint", "poll"), ("outcome", "ok")));
        Assert.Equal(simulatorAfter.CreateRequests + simulatorAfter.PollRequests - simulatorBefore.CreateRequests - simulatorBefore.PollRequests,
            Delta(before, after, "imagegrid_rivya_request_duration_seconds_count"));
        Assert.Equal(0, Delta(before, after, "imagegrid_rivya_retries_total"));

        Assert.Equal(3, Delta(before, after, "imagegrid_credits_reserved_total"));
        Assert.Equal(final.FinalCredits, Delta(before, after, "imagegrid_credits_settled_total"));
        Assert.Equal(0, Delta(before, after, "imagegrid_credits_released_total"));

        Assert.Equal(1, Delta(before, after, "http_server_request_duration_seconds_count", ("http_route", "/imagegrid.v1.ImageGrid/CreateImage")));
        Assert.True(after.Value("orleans_app_requests_latency_milliseconds_count") > before.Value("orleans_app_requests_latency_milliseconds_count"));
    }

    [Fact]
    public async Task A_task_that_fails_releases_its_reservation_and_counts_its_move_to_failed()
    {
        var account = await fixture.CreateAccountAsync(100);
        var marker = $"metrics-failed-{Guid.NewGuid():N}";
        await fixture.Simulator.AddScriptAsync(new { promptContains = marker, outcome = "failed", errorCode = "generation_failed" });
        var before = await fixture.ScrapeAsync();

        var created = await account.Client.CreateImageAsync(new CreateImageRequest { Prompt = marker });
        var updates = await account.Client.WatchToEndAsync(created.Id);
        var after = await SettledScrapeAsync(account);

        Assert.Equal(TaskStatus.Failed, updates[^1].Task.Status);
        Assert.Equal(1, Delta(before, after, "imagegrid_tasks_transitions_total", ("to", "failed")));
        Assert.Equal(0, Delta(before, after, "imagegrid_tasks_transitions_total", ("to", "succeeded")));
        Assert.Equal(3, Delta(before, after, "imagegrid_credits_reserved_total"));
        Assert.Equal(0, Delta(before, after, "imagegrid_credits_settled_total"));
        Assert.Equal(3, Delta(before, after, "imagegrid_credits_released_total"));
    }

    [Fact]
    public async Task A_create_refused_for_want_of_credits_counts_with_its_outcome_and_reserves_nothing()
    {
        var account = await fixture.CreateAccountAsync(2);
        var before = await fixture.ScrapeAsync();

        var refused = await Assert.ThrowsAsync<RpcException>(() => account.Client.CreateImageAsync(new CreateImageRequest { Prompt = "too dear" }).ResponseAsync);
        var after = await fixture.ScrapeAsync();

        Assert.Equal(StatusCode.ResourceExhausted, refused.StatusCode);
        Assert.Equal(1, Delta(before, after, "imagegrid_tasks_created_total", ("model", Model), ("outcome", "resource_exhausted")));
        Assert.Equal(0, Delta(before, after, "imagegrid_tasks_created_total", ("outcome", "created")));
        Assert.Equal(0, Delta(before, after, "imagegrid_credits_reserved_total"));
        Assert.Equal(0, Delta(before, after, "imagegrid_rivya_requests_total"));
    }

    [Fact]
    public async Task A_503_on_create_counts_one_retry_and_a_429_one_rate_limited_answer()
    {
        var account = await fixture.CreateAccountAsync(100);
        var marker = $"metrics-faults-{Guid.NewGuid():N}";
        await fixture.Simulator.AddFaultAsync(new { endpoint = "create", kind = "http_error", status = 503, count = 1, promptContains = marker });
        var before = await fixture.ScrapeAsync();

        var retried = await account.Client.CreateImageAsync(new CreateImageRequest { Prompt = marker });
        await account.Client.WatchToEndAsync(retried.Id);
        await fixture.Simulator.AddFaultAsync(new { endpoint = "create", kind = "rate_limit", retryAfterSeconds = 1, count = 1, promptContains = marker });
        var limited = await account.Client.CreateImageAsync(new CreateImageRequest { Prompt = marker });
        await account.Client.WatchToEndAsync(limited.Id);
        var after = await SettledScrapeAsync(account);

        Assert.Equal(1, Delta(before, after, "imagegrid_rivya_retries_total", ("endpoint", "create")));
        Assert.Equal(1, Delta(before, after, "imagegrid_rivya_rate_limited_total"));
        Assert.Equal(1, Delta(before, after, "imagegrid_rivya_requests_total", ("endpoint", "create"), ("outcome", "rate_limited")));
        // The retried create is one call that ended ok; the rate-limited task's next create is another.
        Assert.Equal(2, Delta(before, after, "imagegrid_rivya_requests_total", ("endpoint", "create"), ("outcome", "ok")));
    }

    [Fact]
    public async Task Open_watch_streams_are_counted_by_rpc_while_they_are_open()
    {
        var account = await fixture.CreateAccountAsync(100);
        var before = await fixture.ScrapeAsync();
        Assert.Equal(0, before.Value("imagegrid_watch_active_streams"));

        using (var call = account.Client.WatchTasks(new WatchTasksRequest(), deadline: DateTime.UtcNow + Watching.Timeout))
        {
            var created = await account.Client.CreateImageAsync(new CreateImageRequest { Prompt = "watched by the account" });
            Assert.True(await call.ResponseStream.MoveNext());
            var open = await fixture.ScrapeAsync();
            Assert.Equal(1, open.Value("imagegrid_watch_active_streams", ("rpc", "WatchTasks")));
            Assert.Equal(0, open.Value("imagegrid_watch_active_streams", ("rpc", "WatchTask")));
            await account.Client.WatchToEndAsync(created.Id);
        }

        var after = await SettledScrapeAsync(account);
        Assert.Equal(0, after.Value("imagegrid_watch_active_streams"));
    }

    /// <summary>A scrape once the account's reservations are closed and its tasks no longer count in flight.</summary>
    private async Task<PrometheusScrape> SettledScrapeAsync(TestAccount account)
    {
        Assert.Equal(0, (await account.Client.WaitForNoReservationsAsync(Watching.Timeout)).Reserved);
        var deadline = DateTime.UtcNow + Watching.Timeout;
        while (true)
        {
            var scrape = await fixture.ScrapeAsync();
            if ((scrape.Value("imagegrid_tasks_in_flight") == 0 && scrape.Value("imagegrid_watch_active_streams") == 0) || DateTime.UtcNow > deadline)
            {
                return scrape;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50));
        }
    }

    private static double Delta(PrometheusScrape before, PrometheusScrape after, string name, params (string Name, string Value)[] labels) =>
        after.Value(name, labels) - before.Value(name, labels);

    private static string Name(TaskStatus status) => status.ToString().ToLowerInvariant();
}
