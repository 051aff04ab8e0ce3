using Google.Rpc;
using Grpc.Core;
using ImageGrid.Contracts.V1;
using ImageGrid.Server.Tests.Infrastructure;
using TaskStatus = ImageGrid.Contracts.V1.TaskStatus;

namespace ImageGrid.Server.Tests.Integration;

/// <summary>
/// On the Files API's own host a reference url is taken only when it is a file the caller's account uploaded or an image
/// its own tasks produced; anything else there, another account's files included, is refused alike.
/// </summary>
[Collection(ImageGridCollection.Name)]
public sealed class ReferenceUrlOwnershipTests(ImageGridFixture fixture)
{
    private const string Prompt = "The same product, photographed on a marble table";
    private const string Field = "params.references[0].url";

    private const string NotOwn =
        "is not the URL of a file this API key's account uploaded or of an image its tasks produced; " +
        "upload the file with UploadReference and pass the file_id (or the url) it returns";

    [Fact]
    public async Task An_uploaded_files_url_is_accepted_and_rivya_receives_exactly_that_string()
    {
        var account = await fixture.CreateAccountAsync(30);
        var file = await account.Client.UploadAsync(Uploading.Metadata("product.png", "image/png"), TestImages.Png());

        var task = await account.Client.CreateImageAsync(WithUrl(file.Url));

        Assert.Equal(TaskStatus.Queued, task.Status);
        Assert.Equal(file.Url, Assert.Single(task.Params.References).Url);
        var sent = await fixture.Simulator.FindByClientRequestIdAsync(task.Id);
        Assert.NotNull(sent);
        Assert.Equal([file.Url], sent.ReferenceUrls);
    }

    [Fact]
    public async Task Another_accounts_uploaded_file_url_is_refused_exactly_like_an_unknown_one()
    {
        var alice = await fixture.CreateAccountAsync(30);
        var bob = await fixture.CreateAccountAsync(30);
        var alicesFile = await alice.Client.UploadAsync(Uploading.Metadata("alice.png", "image/png"), TestImages.Png());
        var unknownUrl = $"{FilesApi}/files/file_{Guid.NewGuid():N}/alice.png";
        var before = await fixture.Simulator.GetStatsAsync();

        var others = await RefusedAsync(bob, alicesFile.Url);
        var unknown = await RefusedAsync(bob, unknownUrl);

        Assert.Equal([(Field, NotOwn)], others.Violations);
        Assert.Equal(unknown.Violations, others.Violations);
        Assert.Equal(unknown.Detail, others.Detail);
        Assert.Equal(before.CreateRequests, (await fixture.Simulator.GetStatsAsync()).CreateRequests);
        Assert.Equal(0, (await bob.Client.GetBalanceAsync(new GetBalanceRequest())).Reserved);
    }

    [Theory]
    [InlineData("/_sim/stats")]
    [InlineData("/_sim/accounts/rivya-test-key/credits")]
    [InlineData("/_sim/tasks?clientRequestId=x")]
    [InlineData("/api/v1/files")]
    [InlineData("/results/task_0/0.png")]
    public async Task Any_other_path_on_the_files_host_is_refused(string path)
    {
        var account = await fixture.CreateAccountAsync(30);

        var refused = await RefusedAsync(account, FilesApi + path);

        Assert.Equal([(Field, NotOwn)], refused.Violations);
    }

    [Fact]
    public async Task An_image_of_the_accounts_own_succeeded_task_is_a_reference_for_a_new_task_and_no_one_elses()
    {
        var alice = await fixture.CreateAccountAsync(30);
        var bob = await fixture.CreateAccountAsync(30);
        var first = await alice.Client.CreateImageAsync(new CreateImageRequest { Prompt = "a lighthouse at dusk" });
        var done = (await alice.Client.WatchToEndAsync(first.Id))[^1].Task;
        Assert.Equal(TaskStatus.Succeeded, done.Status);
        var image = Assert.Single(done.Images).Url;

        // At once, as a client that follows its task would: no wait for anything else.
        var second = await alice.Client.CreateImageAsync(WithUrl(image));
        var bobs = await RefusedAsync(bob, image);

        Assert.Equal(TaskStatus.Queued, second.Status);
        Assert.Equal([image], (await fixture.Simulator.FindByClientRequestIdAsync(second.Id))!.ReferenceUrls);
        Assert.Equal([(Field, NotOwn)], bobs.Violations);
    }

    private string FilesApi => fixture.RivyaBaseUrl().TrimEnd('/');

    private static CreateImageRequest WithUrl(string url) => new()
    {
        Prompt = Prompt,
        Params = new ImageParams { References = { new ReferenceImage { Url = url, Name = "reference.png", MimeType = "image/png" } } },
    };

    private static async Task<(string Detail, List<(string Field, string Description)> Violations)> RefusedAsync(TestAccount account, string url)
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => account.Client.CreateImageAsync(WithUrl(url)).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        return (error.Status.Detail, [.. error.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations.Select(v => (v.Field, v.Description))]);
    }
}
