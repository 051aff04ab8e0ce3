using System.Diagnostics;
using ImageGrid.Contracts.V1;
using ImageGrid.Rivya.Budget;
using ImageGrid.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using TaskStatus = ImageGrid.Contracts.V1.TaskStatus;

namespace ImageGrid.Server.Tests.Budget;

/// <summary>Many creates at 16 in flight, each task followed to its end; what Rivya saw of it.</summary>
public static class BudgetLoad
{
    public sealed record Outcome(int Tasks, long Requests, long RateLimited, TimeSpan Elapsed);

    public static async Task<Outcome> RunAsync(ImageGridFixture fixture, int tasks)
    {
        var budget = fixture.Server.Services.GetRequiredService<RivyaRequestBudget>();
        var (grantedBefore, limitedBefore) = (budget.Granted, budget.RateLimitedAnswers);
        var account = await fixture.CreateAccountAsync(tasks * 3);
        var clock = Stopwatch.StartNew();
        using var inFlight = new SemaphoreSlim(16);

        var ends = await Task.WhenAll(Enumerable.Range(0, tasks).Select(async i =>
        {
            await inFlight.WaitAsync();
            ImageTask created;
            try
            {
                created = await account.Client.CreateImageAsync(new CreateImageRequest { Prompt = $"under the budget {i}" });
            }
            finally
            {
                inFlight.Release();
            }

            return (await account.Client.WatchToEndAsync(created.Id))[^1].Task;
        }));

        Assert.All(ends, end => Assert.Equal(TaskStatus.Succeeded, end.Status));
        var balance = await account.Client.GetBalanceAsync(new GetBalanceRequest());
        Assert.Equal(balance.Granted, balance.Available + balance.Reserved + balance.Spent);
        return new Outcome(tasks, budget.Granted - grantedBefore, budget.RateLimitedAnswers - limitedBefore, clock.Elapsed);
    }
}
