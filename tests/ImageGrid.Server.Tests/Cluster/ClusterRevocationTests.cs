using System.Diagnostics;
using Grpc.Core;
using Grpc.Core.Interceptors;
using ImageGrid.Contracts.V1;
using ImageGrid.Server.Tests.Infrastructure;
using Xunit.Abstractions;

namespace ImageGrid.Server.Tests.Cluster;

[Collection(AzureClusterCollection.Name)]
public sealed class ClusterRevocationTests(AzureClusterFixture fixture, ITestOutputHelper output)
{
    /// <summary>The silos re-check keys only once a minute: ending the stream sooner takes the key grain's notification.</summary>
    private const string RareRecheck = "--Watch:KeyRecheckInterval=00:01:00";

    [Fact]
    public async Task Revoking_a_key_through_one_silo_ends_its_stream_on_another_at_once()
    {
        await using var watching = await fixture.StartSiloAsync("revocation-watching", RareRecheck);
        await using var revoking = await fixture.StartSiloAsync("revocation-revoking", RareRecheck);
        var admin = new ImageGridAdmin.ImageGridAdminClient(revoking.Channel.Intercept(metadata =>
        {
            metadata.Add("authorization", $"Bearer {AzureClusterFixture.AdminKey}");
            return metadata;
        }));
        var account = await admin.CreateAccountAsync(new CreateAccountRequest { DisplayName = "cluster revocation", OpeningCredits = 30 });
        var key = await admin.IssueApiKeyAsync(new IssueApiKeyRequest { AccountId = account.AccountId, Name = "revoked" });
        var client = AzureClusterFixture.Client(watching, key.ApiKey);
        using var stream = client.WatchTasks(new WatchTasksRequest(), deadline: DateTime.UtcNow + Watching.Timeout);
        var task = await client.CreateImageAsync(new CreateImageRequest { Prompt = "watched until the key is revoked" });
        // The stream is open on the watching silo once it carries the task's first version.
        Assert.True(await stream.ResponseStream.MoveNext());
        Assert.Equal(task.Id, stream.ResponseStream.Current.Task.Id);

        var clock = Stopwatch.StartNew();
        await admin.RevokeApiKeyAsync(new RevokeApiKeyRequest { AccountId = account.AccountId, KeyId = key.KeyId });
        var error = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            while (await stream.ResponseStream.MoveNext())
            {
            }
        });
        output.WriteLine($"the stream on the other silo ended {clock.ElapsedMilliseconds} ms after RevokeApiKey was called");

        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"the stream ended {clock.Elapsed} after the revocation");
    }
}
