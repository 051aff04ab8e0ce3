using ImageGrid.Contracts.V1;
using ImageGrid.Server.Tests.Infrastructure;
using Microsoft.Extensions.Logging;

namespace ImageGrid.Server.Tests.Integration;

/// <summary>What the server logs when a client goes away while the server still reads its calls' messages.</summary>
[Collection(LogCaptureCollection.Name)]
public sealed class DepartedClientLoggingTests(LogCaptureFixture fixture)
{
    private const string CreateImage = "/imagegrid.v1.ImageGrid/CreateImage";

    // Calls as a load generator has in flight when it stops, on a few connections, twice over: each is a chance for the
    // failed read to reach grpc-dotnet before the call's cancellation does, and in most it does.
    private const int Rounds = 2;
    private const int Connections = 4;
    private const int CallsPerConnection = 100;
    private const int Calls = Connections * CallsPerConnection;

    [Fact]
    public async Task Creates_whose_client_closes_the_connection_mid_message_log_at_most_one_debug_line_each()
    {
        // The key's grain is active before the calls, so that they pass authentication quickly and go on to read.
        await fixture.Client().ListModelsAsync(new ListModelsRequest());
        var mark = fixture.Logs.Mark();

        for (var round = 0; round < Rounds; round++)
        {
            await CloseMidMessageAsync();
        }

        var entries = fixture.ServerEntriesSince(mark);
        Assert.All(entries, entry => Assert.True(entry.Level <= LogLevel.Debug && entry.Exception is null, entry.ToString()));
        Assert.True(entries.Count(entry => entry.Message.Contains("CreateImage", StringComparison.Ordinal)) <= Rounds * Calls, string.Join(" | ", entries));
    }

    private async Task CloseMidMessageAsync()
    {
        var mark = fixture.Logs.Mark();
        var connections = await Task.WhenAll(Enumerable.Range(0, Connections).Select(_ => AbandonedCalls.ConnectAsync(fixture.GrpcUrl)));
        try
        {
            // A CreateImageRequest of 10,000 bytes of which the first 11 arrive: field 2 (prompt), 9,997 bytes, "a lighth".
            foreach (var calls in connections)
            {
                for (var i = 0; i < CallsPerConnection; i++)
                {
                    await calls.StartAsync(CreateImage, [new("authorization", $"Bearer {ImageGridFixture.DemoKey}")], 10_000, [0x12, 0x8d, 0x4e, .. "a lighth"u8]);
                }
            }

            // Once every call is past authentication and waits for the rest of its message, a piece of each arrives
            // with the close: the server reads it and finds the stream aborted, as under load.
            await WaitForAsync(mark, "Request starting");
            await Task.Delay(TimeSpan.FromMilliseconds(500));
            await Task.WhenAll(connections.Select(calls => calls.SendMoreAndCloseAsync("ouse"u8.ToArray())));
            await WaitForAsync(mark, "Request finished");
        }
        finally
        {
            await Task.WhenAll(connections.Select(calls => calls.DisposeAsync().AsTask()));
        }
    }

    /// <summary>Waits for the hosting layer's entry that says so for every one of the calls.</summary>
    private async Task WaitForAsync(int mark, string what)
    {
        using var expiry = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (fixture.Logs.Since(mark).Count(entry => entry.Category == LogCaptureFixture.RequestEndCategory
            && entry.Message.Contains(what, StringComparison.Ordinal) && entry.Message.Contains(CreateImage, StringComparison.Ordinal)) < Calls)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(20), expiry.Token);
        }
    }
}
