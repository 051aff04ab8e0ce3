using Google.Rpc;
using Grpc.Core;
using ImageGrid.Contracts.V1;
using ImageGrid.Server.Tests.Infrastructure;

namespace ImageGrid.Server.Tests.Integration;

[Collection(ImageGridCollection.Name)]
public sealed class ValidationTests(ImageGridFixture fixture)
{
    private const string Prompt = "A clean editorial product image on a soft studio background";

    public static TheoryData<string, CreateImageRequest> InvalidRequests => new()
    {
        { "model", new CreateImageRequest { Model = "gpt-image-9", Prompt = Prompt } },
        { "prompt", new CreateImageRequest { Prompt = "" } },
        { "prompt", new CreateImageRequest { Prompt = "   " } },
        { "prompt", new CreateImageRequest { Prompt = new string('a', 20001) } },
        { "params.aspect_ratio", new CreateImageRequest { Prompt = Prompt, Params = new ImageParams { AspectRatio = "2:1" } } },
        { "params.resolution", new CreateImageRequest { Prompt = Prompt, Params = new ImageParams { Resolution = "8K" } } },
        { "params.references", new CreateImageRequest { Prompt = Prompt, Params = References(17) } },
        { "params.references[0].kind", new CreateImageRequest { Prompt = Prompt, Params = References(1, kind: "video") } },
        { "params.references[0].mime_type", new CreateImageRequest { Prompt = Prompt, Params = References(1, mimeType: "image/gif") } },
        { "params.references[0].url", new CreateImageRequest { Prompt = Prompt, Params = References(1, url: "not a url") } },
    };

    [Theory]
    [MemberData(nameof(InvalidRequests))]
    public async Task An_invalid_request_is_refused_with_the_field_named_and_costs_nothing_upstream(string field, CreateImageRequest request)
    {
        var before = await fixture.Simulator.GetStatsAsync();

        var error = await Assert.ThrowsAsync<RpcException>(() => fixture.Client().CreateImageAsync(request).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains(field, error.Status.Detail);
        var badRequest = error.GetRpcStatus()?.GetDetail<BadRequest>();
        Assert.NotNull(badRequest);
        Assert.Contains(field, badRequest.FieldViolations.Select(v => v.Field));
        Assert.Equal(before.CreateRequests, (await fixture.Simulator.GetStatsAsync()).CreateRequests);
    }

    [Fact]
    public async Task Every_offending_field_is_listed_not_only_the_first()
    {
        var request = new CreateImageRequest { Prompt = "", Params = new ImageParams { AspectRatio = "2:1", Resolution = "8K" } };

        var error = await Assert.ThrowsAsync<RpcException>(() => fixture.Client().CreateImageAsync(request).ResponseAsync);

        var fields = error.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations.Select(v => v.Field).Order();
        Assert.Equal(["params.aspect_ratio", "params.resolution", "prompt"], fields);
    }

    [Theory]
    [InlineData(20000, true)]
    [InlineData(20001, false)]
    public async Task The_prompt_limit_counts_emoji_as_one_character_each(int emojiCount, bool accepted)
    {
        var request = new CreateImageRequest { Prompt = string.Concat(Enumerable.Repeat("👍", emojiCount)) };

        var call = fixture.Client().CreateImageAsync(request).ResponseAsync;

        if (accepted)
        {
            Assert.Equal(Contracts.V1.TaskStatus.Queued, (await call).Status);
        }
        else
        {
            Assert.Equal(StatusCode.InvalidArgument, (await Assert.ThrowsAsync<RpcException>(() => call)).StatusCode);
        }
    }

    private static ImageParams References(int count, string kind = "image", string mimeType = "image/png", string url = "http://127.0.0.1:9/files/a.png")
    {
        var p = new ImageParams();
        p.References.AddRange(Enumerable.Range(0, count).Select(i => new ReferenceImage { Url = url, Kind = kind, Name = $"ref-{i}.png", MimeType = mimeType }));
        return p;
    }
}
