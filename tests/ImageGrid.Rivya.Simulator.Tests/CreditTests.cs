using System.Net;
using System.Text.Json;
using ImageGrid.Rivya.Simulator.Tests.Infrastructure;

namespace ImageGrid.Rivya.Simulator.Tests;

/// <summary>Each test uses a key of its own, so balances are exact.</summary>
public sealed class CreditTests(SimulatorFixture simulator) : IClassFixture<SimulatorFixture>
{
    private readonly SimulatorClient client = simulator.Client;

    [Fact]
    public async Task Each_key_starts_with_the_initial_credits()
    {
        var balance = await client.CreditsAsync(SimulatorFixture.SpareKeys[0]);

        Assert.Equal((1_000_000L, 0L, 0L), Balance(balance));
    }

    [Fact]
    public async Task Credits_are_reserved_while_a_task_is_unfinished()
    {
        var key = SimulatorFixture.SpareKeys[1];
        var prompt = TaskRequests.UniquePrompt("reserved while queued");
        await client.AddScriptAsync(new { promptContains = prompt, queuedMs = 600_000 });
        await client.SetCreditsAsync(key, 10);

        await client.CreateTaskAsync(key, TaskRequests.Minimal(prompt));

        Assert.Equal((7L, 3L, 0L), Balance(await client.CreditsAsync(key)));
    }

    [Fact]
    public async Task Success_spends_the_reservation()
    {
        var key = SimulatorFixture.SpareKeys[2];
        await client.SetCreditsAsync(key, 10);

        var task = await client.CreateTaskAsync(key, TaskRequests.Minimal());
        var (done, _) = await client.WaitForStatusAsync(key, task.GetProperty("id").GetString()!, "succeeded");

        Assert.Equal(3, done.GetProperty("final_credits").GetInt32());
        Assert.Equal((7L, 0L, 3L), Balance(await client.CreditsAsync(key)));
    }

    [Fact]
    public async Task Failure_returns_the_reservation()
    {
        var key = SimulatorFixture.SpareKeys[3];
        var prompt = TaskRequests.UniquePrompt("fails");
        await client.AddScriptAsync(new { promptContains = prompt, outcome = "failed" });
        await client.SetCreditsAsync(key, 10);

        var task = await client.CreateTaskAsync(key, TaskRequests.Minimal(prompt));
        var (done, _) = await client.WaitForStatusAsync(key, task.GetProperty("id").GetString()!, "failed");

        Assert.Equal(0, done.GetProperty("final_credits").GetInt32());
        Assert.Equal((10L, 0L, 0L), Balance(await client.CreditsAsync(key)));
    }

    [Fact]
    public async Task Too_few_credits_are_refused_and_create_nothing()
    {
        var key = SimulatorFixture.SpareKeys[4];
        await client.SetCreditsAsync(key, 5);
        var statsBefore = await client.StatsAsync();

        await client.CreateTaskAsync(key, TaskRequests.Minimal());
        using var refused = await client.PostTaskAsync(key, TaskRequests.Minimal());

        await SimulatorCalls.ReadErrorAsync(refused, HttpStatusCode.PaymentRequired, "insufficient_credits");
        var statsAfter = await client.StatsAsync();
        Assert.Equal(1, statsAfter.GetProperty("tasksCreated").GetInt64() - statsBefore.GetProperty("tasksCreated").GetInt64());
        var (available, reserved, spent) = Balance(await client.CreditsAsync(key));
        Assert.Equal(2L, available);
        Assert.Equal(3L, reserved + spent);
    }

    [Fact]
    public async Task Negative_credits_cannot_be_set()
    {
        using var response = await client.Http.PutAsync(
            new Uri($"/_sim/accounts/{SimulatorFixture.SpareKeys[5]}/credits", UriKind.Relative),
            new StringContent("""{"credits":-1}""", System.Text.Encoding.UTF8, "application/json"));

        await SimulatorCalls.ReadErrorAsync(response, HttpStatusCode.BadRequest, "validation_failed");
    }

    private static (long Available, long Reserved, long Spent) Balance(JsonElement balance) =>
        (balance.GetProperty("available").GetInt64(), balance.GetProperty("reserved").GetInt64(), balance.GetProperty("spent").GetInt64());
}
