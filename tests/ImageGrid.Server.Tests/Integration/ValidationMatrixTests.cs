using Google.Rpc;
using Grpc.Core;
using ImageGrid.Contracts.V1;
using ImageGrid.Server.Tests.Infrastructure;
using TaskStatus = ImageGrid.Contracts.V1.TaskStatus;

namespace ImageGrid.Server.Tests.Integration;

/// <summary>
/// Bad input, case by case, through the real server: INVALID_ARGUMENT with a google.rpc.BadRequest naming exactly the
/// offending fields, before any credit is reserved or Rivya hears of it.
/// </summary>
[Collection(ImageGridCollection.Name)]
public sealed class ValidationMatrixTests(ImageGridFixture fixture)
{
    private const string Prompt = "A clean editorial product image on a soft studio background";
    private const string AspectRatios = "auto, 1:1, 9:16, 16:9, 4:3, 3:4";
    private const string NotAllowed = "is not allowed; references must be URLs returned by the Files API (UploadReference)";

    public static TheoryData<string, string, bool> InvalidParameterValues => new()
    {
        { "aspect_ratio", "2:1", false },
        { "aspect_ratio", "16:10", false },
        { "aspect_ratio", "1x1", false },
        { "aspect_ratio", "AUTO", false },
        { "aspect_ratio", " 1:1", false },
        { "aspect_ratio", "square", false },
        { "aspect_ratio", "2:1", true },
        { "aspect_ratio", "Auto", true },
        { "resolution", "8K", false },
        { "resolution", "1k", false },
        { "resolution", "4K ", false },
        { "resolution", "1024", false },
        { "resolution", "2k", true },
        { "resolution", "HD", true },
    };

    [Theory]
    [MemberData(nameof(InvalidParameterValues))]
    public async Task Every_parameter_refuses_every_value_outside_its_options_in_its_field_or_by_key(string key, string value, bool byKey)
    {
        var parameters = new ImageParams();
        if (byKey)
        {
            parameters.Values[key] = value;
        }
        else if (key == "aspect_ratio")
        {
            parameters.AspectRatio = value;
        }
        else
        {
            parameters.Resolution = value;
        }

        var violations = await ViolationsOfAsync(new CreateImageRequest { Prompt = Prompt, Params = parameters });

        var options = key == "aspect_ratio" ? AspectRatios : "1K, 2K, 4K";
        Assert.Equal([($"params.{key}", $"must be one of {options} (got \"{value}\")")], violations);
    }

    [Fact]
    public async Task A_prompt_of_20000_scalar_values_of_bengali_and_emoji_is_accepted()
    {
        var prompt = MixedText.OfLength(20000);
        Assert.True(prompt.Length > 20000, "the prompt is longer than the limit in UTF-16 code units");

        var task = await fixture.Client().CreateImageAsync(new CreateImageRequest { Prompt = prompt });

        Assert.Equal(TaskStatus.Queued, task.Status);
        Assert.Equal(prompt, task.Prompt);
    }

    [Fact]
    public async Task A_prompt_of_20001_scalar_values_of_bengali_and_emoji_is_refused_with_its_count()
    {
        var violations = await ViolationsOfAsync(new CreateImageRequest { Prompt = MixedText.OfLength(20001) });

        Assert.Equal([("prompt", "must be at most 20000 characters (Unicode scalar values); got 20001")], violations);
    }

    [Fact]
    public async Task Sixteen_uploaded_files_on_the_files_api_host_are_accepted_by_url()
    {
        var account = await fixture.CreateAccountAsync(30);
        var parameters = new ImageParams();
        var files = await Task.WhenAll(Enumerable.Range(0, 16).Select(i => account.Client.UploadAsync(Uploading.Metadata($"ref-{i}.png", "image/png"), TestImages.Png())));
        parameters.References.AddRange(files.Select(file => new ReferenceImage { Url = file.Url, Kind = "image", Name = file.Name, MimeType = "image/png" }));

        var task = await account.Client.CreateImageAsync(new CreateImageRequest { Prompt = Prompt, Params = parameters });

        Assert.Equal(TaskStatus.Queued, task.Status);
        Assert.Equal(parameters.References, task.Params.References);
    }

    [Fact]
    public async Task Seventeen_references_are_refused()
    {
        var violations = await ViolationsOfAsync(new CreateImageRequest { Prompt = Prompt, Params = References(17) });

        Assert.Equal([("params.references", "at most 16 references; got 17")], violations);
    }

    [Fact]
    public async Task An_unknown_model_is_refused_naming_the_known_ones()
    {
        var violations = await ViolationsOfAsync(new CreateImageRequest { Model = "gpt-image-9", Prompt = Prompt });

        Assert.Equal([("model", "unknown model \"gpt-image-9\"; known models: gpt-image-2")], violations);
    }

    [Fact]
    public async Task An_unknown_parameter_key_is_refused_naming_it()
    {
        var request = new CreateImageRequest { Prompt = Prompt, Params = new ImageParams { Values = { ["quality"] = "hd" } } };

        var violations = await ViolationsOfAsync(request);

        Assert.Equal([("params.quality", "unknown parameter \"quality\" for model gpt-image-2; known parameters: aspect_ratio, resolution")], violations);
    }

    [Fact]
    public async Task A_parameter_given_twice_with_different_values_is_refused()
    {
        var request = new CreateImageRequest { Prompt = Prompt, Params = new ImageParams { AspectRatio = "1:1", Values = { ["aspect_ratio"] = "16:9" } } };

        var violations = await ViolationsOfAsync(request);

        Assert.Equal(
            [("params.values.aspect_ratio", "is \"16:9\" but params.aspect_ratio is \"1:1\"; give aspect_ratio once, or the same value in both places")],
            violations);
    }

    [Theory]
    [InlineData("https://cdn.example.com/reference-image.png", "cdn.example.com")]
    [InlineData("http://127.0.0.1:9/files/a.png", "127.0.0.1:9")]
    [InlineData("http://169.254.169.254/latest/meta-data/", "169.254.169.254")]
    [InlineData("http://localhost:6379/", "localhost:6379")]
    public async Task A_reference_url_on_a_host_not_allowed_is_refused(string url, string host)
    {
        var request = new CreateImageRequest { Prompt = Prompt, Params = new ImageParams() };
        request.Params.References.Add(new ReferenceImage { Url = url, Name = "a.png", MimeType = "image/png" });

        var violations = await ViolationsOfAsync(request);

        Assert.Equal([("params.references[0].url", $"host {host} {NotAllowed}")], violations);
    }

    [Theory]
    [InlineData("http://2130706433/files/a.png", "host 2130706433 is not a dotted-decimal IPv4 address")]
    [InlineData("http://127.1/files/a.png", "host 127.1 is not a dotted-decimal IPv4 address")]
    [InlineData("http://１２７．０．０．１/files/a.png", "contains the non-ASCII character U+FF11 at index 7")]
    [InlineData("https://example。com/a.png", "contains the non-ASCII character U+3002 at index 15")]
    [InlineData(" https://cdn.example.com/a.png", "must not start or end with whitespace or control characters")]
    [InlineData("https://cdn.example.com/a\n.png", "contains a line feed (U+000A) at index 25")]
    [InlineData("https://cdn.example.com/a\t.png", "contains a tab (U+0009) at index 25")]
    [InlineData("http://user:pw@cdn.example.com/a.png", "must not carry a user name or password")]
    public async Task A_reference_url_in_a_spelling_parsers_read_differently_is_refused(string url, string problem)
    {
        var request = new CreateImageRequest { Prompt = Prompt, Params = new ImageParams() };
        request.Params.References.Add(new ReferenceImage { Url = url, Name = "a.png", MimeType = "image/png" });

        var (field, description) = Assert.Single(await ViolationsOfAsync(request));

        Assert.Equal("params.references[0].url", field);
        Assert.StartsWith(problem, description, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ftp://127.0.0.1/files/a.png")]
    [InlineData("file:///etc/passwd")]
    [InlineData("gopher://127.0.0.1:70/")]
    public async Task A_reference_url_that_is_not_http_or_https_is_refused(string url)
    {
        var request = new CreateImageRequest { Prompt = Prompt, Params = new ImageParams() };
        request.Params.References.Add(new ReferenceImage { Url = url, Name = "a.png", MimeType = "image/png" });

        var violations = await ViolationsOfAsync(request);

        Assert.Equal([("params.references[0].url", $"must be an absolute http or https URL (got \"{url}\")")], violations);
    }

    [Fact]
    public async Task Several_bad_fields_are_all_listed_and_nothing_is_reserved_or_sent_upstream()
    {
        var account = await fixture.CreateAccountAsync(credits: 30);
        var parameters = References(17);
        parameters.References[0].Url = "https://cdn.example.com/a.png";
        parameters.References[1].MimeType = "image/gif";
        parameters.References[2].Kind = "video";
        parameters.AspectRatio = "2:1";
        parameters.Values.Add(new Dictionary<string, string> { ["aspect_ratio"] = "1:1", ["resolution"] = "8K", ["quality"] = "hd" });
        var request = new CreateImageRequest { Prompt = MixedText.OfLength(20001), Params = parameters, ClientRequestId = "order\t42" };
        var upstreamBefore = await fixture.Simulator.GetStatsAsync();

        var error = await Assert.ThrowsAsync<RpcException>(() => account.Client.CreateImageAsync(request).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        var violations = error.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations.Select(v => (v.Field, v.Description));
        Assert.Equal(
            [
                ("prompt", "must be at most 20000 characters (Unicode scalar values); got 20001"),
                ("params.values.aspect_ratio", "is \"1:1\" but params.aspect_ratio is \"2:1\"; give aspect_ratio once, or the same value in both places"),
                ("params.aspect_ratio", $"must be one of {AspectRatios} (got \"2:1\")"),
                ("params.resolution", "must be one of 1K, 2K, 4K (got \"8K\")"),
                ("params.quality", "unknown parameter \"quality\" for model gpt-image-2; known parameters: aspect_ratio, resolution"),
                ("params.references", "at most 16 references; got 17"),
                ("params.references[0].url", $"host cdn.example.com {NotAllowed}"),
                ("params.references[1].mime_type", "must be one of image/jpeg, image/png, image/webp for kind image (got \"image/gif\")"),
                ("params.references[2].kind", "must be one of image (got \"video\")"),
                ("client_request_id", "must not contain control characters (found U+0009)"),
            ],
            violations);
        var balance = await account.Client.GetBalanceAsync(new GetBalanceRequest());
        Assert.Equal((30, 0, 0, 30, 1), (balance.Granted, balance.Reserved, balance.Spent, balance.Available, balance.LedgerVersion));
        Assert.Empty((await account.Client.ListTasksAsync(new ListTasksRequest())).Tasks);
        Assert.Equal(upstreamBefore.CreateRequests, (await fixture.Simulator.GetStatsAsync()).CreateRequests);
    }

    /// <summary>References on the Files API's own host that were never uploaded: refused, unless their count is refused first.</summary>
    private ImageParams References(int count)
    {
        var filesApi = fixture.RivyaBaseUrl().TrimEnd('/');
        var parameters = new ImageParams();
        parameters.References.AddRange(Enumerable.Range(0, count).Select(i => new ReferenceImage
        {
            Url = $"{filesApi}/files/f{i}/ref-{i}.png",
            Kind = "image",
            Name = $"ref-{i}.png",
            MimeType = "image/png",
        }));
        return parameters;
    }

    private async Task<List<(string Field, string Description)>> ViolationsOfAsync(CreateImageRequest request)
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => fixture.Client().CreateImageAsync(request).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        return [.. error.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations.Select(v => (v.Field, v.Description))];
    }
}
