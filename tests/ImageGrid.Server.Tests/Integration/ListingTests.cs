using Grpc.Core;
using ImageGrid.Contracts.V1;
using ImageGrid.Server.Tests.Infrastructure;
using TaskStatus = ImageGrid.Contracts.V1.TaskStatus;

namespace ImageGrid.Server.Tests.Integration;

[Collection(ImageGridCollection.Name)]
public sealed class ListingTests(ImageGridFixture fixture)
{
    [Fact]
    public async Task Paging_through_250_tasks_returns_each_once_newest_first()
    {
        var account = await fixture.CreateAccountAsync(750);
        var marker = $"quick {Guid.NewGuid():N}";
        await fixture.Simulator.AddScriptAsync(new { promptContains = marker, outcome = "succeeded", queuedMs = 20, runningMs = 20 });
        var created = new List<string>();
        foreach (var batch in Enumerable.Range(0, 250).Chunk(25))
        {
            var tasks = await Task.WhenAll(batch.Select(i => account.Client.CreateImageAsync(new CreateImageRequest { Prompt = $"{marker} {i}" }).ResponseAsync));
            created.AddRange(tasks.Select(t => t.Id));
        }

        var listed = new List<ImageTask>();
        var token = "";
        var pages = 0;
        do
        {
            var page = await account.Client.ListTasksAsync(new ListTasksRequest { PageSize = 40, PageToken = token });
            listed.AddRange(page.Tasks);
            token = page.NextPageToken;
            pages++;
        }
        while (token.Length > 0 && pages < 20);

        Assert.Equal(7, pages);
        Assert.Equal(250, listed.Count);
        Assert.Equal(created.Order(StringComparer.Ordinal).Reverse(), listed.Select(t => t.Id));
    }

    [Fact]
    public async Task The_status_filter_returns_only_tasks_with_that_status()
    {
        var account = await fixture.CreateAccountAsync(30);
        var failing = $"fail {Guid.NewGuid():N}";
        await fixture.Simulator.AddScriptAsync(new { promptContains = failing, outcome = "failed" });
        var ok = await account.Client.CreateImageAsync(new CreateImageRequest { Prompt = "fine" });
        var bad = await account.Client.CreateImageAsync(new CreateImageRequest { Prompt = failing });
        await account.Client.WatchToEndAsync(ok.Id);
        await account.Client.WatchToEndAsync(bad.Id);

        var failed = await account.Client.ListTasksAsync(new ListTasksRequest { Status = TaskStatus.Failed });
        var succeeded = await account.Client.ListTasksAsync(new ListTasksRequest { Status = TaskStatus.Succeeded });

        Assert.Equal([bad.Id], failed.Tasks.Select(t => t.Id));
        Assert.Equal([ok.Id], succeeded.Tasks.Select(t => t.Id));
        Assert.Equal("", failed.NextPageToken);
    }

    [Theory]
    [InlineData(-1, "", "page_size")]
    [InlineData(201, "", "page_size")]
    [InlineData(10, "not-a-token!", "page_token")]
    [InlineData(10, "dGFza19ieV9zb21lb25l", "page_token")]
    public async Task Bad_paging_arguments_are_invalid_and_name_the_field(int pageSize, string token, string field)
    {
        var error = await Assert.ThrowsAsync<RpcException>(() =>
            fixture.Client().ListTasksAsync(new ListTasksRequest { PageSize = pageSize, PageToken = token }).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains(field, error.Status.Detail);
    }
}
