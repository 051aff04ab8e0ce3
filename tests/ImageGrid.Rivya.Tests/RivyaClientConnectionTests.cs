using System.Collections.Concurrent;
using ImageGrid.Rivya.Tests.Infrastructure;

namespace ImageGrid.Rivya.Tests;

/// <summary>The connection bound toward Rivya: many concurrent calls share a few connections instead of opening one each.</summary>
public sealed class RivyaClientConnectionTests
{
    [Fact]
    public async Task Twenty_concurrent_calls_share_at_most_the_configured_connections()
    {
        var inFlight = 0;
        var mostInFlight = 0;
        var connections = new ConcurrentDictionary<string, byte>();
        await using var rivya = await ScriptedRivya.StartAsync(async (context, _) =>
        {
            connections.TryAdd(context.Connection.Id, 0);
            var now = Interlocked.Increment(ref inFlight);
            InterlockedMax(ref mostInFlight, now);
            await Task.Delay(50);
            Interlocked.Decrement(ref inFlight);
            await Answers.Ok(context);
        });
        await using var sut = TestClient.Create(rivya.Url, options => options.MaxConnections = 3);

        var tasks = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => sut.Client.GetTaskAsync("task_1", CancellationToken.None)));

        Assert.All(tasks, task => Assert.Equal("task_1", task.Id));
        Assert.Equal(20, rivya.Requests.Count);
        Assert.InRange(mostInFlight, 1, 3);
        Assert.InRange(connections.Count, 1, 3);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        var seen = Volatile.Read(ref target);
        while (value > seen)
        {
            var previous = Interlocked.CompareExchange(ref target, value, seen);
            if (previous == seen)
            {
                return;
            }

            seen = previous;
        }
    }
}
