using Xunit.Abstractions;

namespace ImageGrid.Server.Tests.Budget;

[Collection(MatchingCapCollection.Name)]
public sealed class MatchingCapTests(MatchingCapFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public async Task With_the_cap_under_rivyas_limit_no_request_is_refused_and_every_task_ends()
    {
        var outcome = await BudgetLoad.RunAsync(fixture, tasks: 100);

        output.WriteLine($"cap 45/s against Rivya's 50/s: {outcome.Tasks} tasks, {outcome.Requests} requests, {outcome.RateLimited} refused, {outcome.Elapsed.TotalSeconds:0.0} s");
        Assert.Equal(0, outcome.RateLimited);
    }
}

[Collection(TooHighCapCollection.Name)]
public sealed class TooHighCapTests(TooHighCapFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public async Task With_the_cap_far_over_rivyas_limit_the_budget_learns_it_from_a_few_refusals_and_every_task_ends()
    {
        var outcome = await BudgetLoad.RunAsync(fixture, tasks: 100);

        output.WriteLine($"cap 1000/s against Rivya's 50/s: {outcome.Tasks} tasks, {outcome.Requests} requests, {outcome.RateLimited} refused, {outcome.Elapsed.TotalSeconds:0.0} s");
        Assert.True(outcome.RateLimited <= outcome.Requests / 10, $"{outcome.RateLimited} of {outcome.Requests} requests were refused");
    }
}
