using System.Diagnostics;
using Grpc.Core;
using ImageGrid.Contracts.V1;
using ImageGrid.Server.Tests.Infrastructure;
using Xunit.Abstractions;

namespace ImageGrid.Server.Tests.Integration;

[Collection(ImageGridCollection.Name)]
public sealed class WatchRevocationTests(ImageGridFixture fixture, ITestOutputHelper output)
{
    /// <summary>The README's bound: at once by the key grain's notification, at the latest Watch:KeyRecheckInterval (5 s).</summary>
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task Revoking_a_key_ends_its_WatchTasks_and_WatchTask_streams_with_UNAUTHENTICATED_while_another_key_keeps_streaming()
    {
        var admin = fixture.Admin();
        var account = await admin.CreateAccountAsync(new CreateAccountRequest { DisplayName = "revocation", OpeningCredits = 30 });
        var revoked = await admin.IssueApiKeyAsync(new IssueApiKeyRequest { AccountId = account.AccountId, Name = "revoked" });
        var kept = await admin.IssueApiKeyAsync(new IssueApiKeyRequest { AccountId = account.AccountId, Name = "kept" });
        var viaRevoked = fixture.Client(revoked.ApiKey);
        var viaKept = fixture.Client(kept.ApiKey);
        var marker = $"held {Guid.NewGuid():N}";
        await fixture.Simulator.AddScriptAsync(new { promptContains = marker, outcome = "succeeded", queuedMs = 120_000, runningMs = 300 });
        var held = await viaRevoked.CreateImageAsync(new CreateImageRequest { Prompt = marker });

        var deadline = DateTime.UtcNow + Watching.Timeout;
        using var accountWatch = viaRevoked.WatchTasks(new WatchTasksRequest(), deadline: deadline);
        using var taskWatch = viaRevoked.WatchTask(new WatchTaskRequest { TaskId = held.Id }, deadline: deadline);
        using var keptWatch = viaKept.WatchTasks(new WatchTasksRequest(), deadline: deadline);
        // Each stream is open on the server once it has carried the held task's snapshot.
        foreach (var stream in new[] { accountWatch.ResponseStream, taskWatch.ResponseStream, keptWatch.ResponseStream })
        {
            Assert.True(await stream.MoveNext());
            Assert.Equal(held.Id, stream.Current.Task.Id);
        }

        var clock = Stopwatch.StartNew();
        await admin.RevokeApiKeyAsync(new RevokeApiKeyRequest { AccountId = account.AccountId, KeyId = revoked.KeyId });
        var ends = await Task.WhenAll(EndAsync(accountWatch.ResponseStream, clock), EndAsync(taskWatch.ResponseStream, clock));
        output.WriteLine($"WatchTasks ended {ends[0].After.TotalMilliseconds:F0} ms, WatchTask {ends[1].After.TotalMilliseconds:F0} ms after RevokeApiKey was called");

        Assert.All(ends, end =>
        {
            Assert.Equal(StatusCode.Unauthenticated, end.Error.StatusCode);
            Assert.Contains("revoked", end.Error.Status.Detail);
            Assert.True(end.After < Bound, $"the stream ended {end.After} after the revocation");
        });

        // The other key's stream keeps running: a task created after the revocation reaches it.
        var after = await viaKept.CreateImageAsync(new CreateImageRequest { Prompt = "after the revocation" });
        while (true)
        {
            Assert.True(await keptWatch.ResponseStream.MoveNext());
            if (keptWatch.ResponseStream.Current.Task.Id == after.Id)
            {
                break;
            }
        }
    }

    private static async Task<(RpcException Error, TimeSpan After)> EndAsync(IAsyncStreamReader<TaskUpdate> stream, Stopwatch clock)
    {
        var error = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            while (await stream.MoveNext())
            {
            }
        });
        return (error, clock.Elapsed);
    }
}
