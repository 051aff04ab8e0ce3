using Google.Rpc;
using Grpc.Core;
using ImageGrid.Contracts.V1;
using ImageGrid.Server.Tests.Infrastructure;
using LedgerEntryKind = ImageGrid.Grains.Accounts.LedgerEntryKind;
using TaskStatus = ImageGrid.Contracts.V1.TaskStatus;

namespace ImageGrid.Server.Tests.Integration;

/// <summary>A model added through configuration only: listed, validated with its own parameters, priced at its own rate.</summary>
[Collection(ExtraModelCollection.Name)]
public sealed class ConfiguredModelsTests(ExtraModelFixture fixture)
{
    private const string Model = ExtraModelFixture.ModelId;

    [Fact]
    public async Task The_configured_model_is_listed_after_the_built_in_one_with_every_configured_field()
    {
        var response = await fixture.Client().ListModelsAsync(new ListModelsRequest());

        var expected = new ModelInfo
        {
            Id = Model,
            DisplayName = "FLUX Pro 2",
            Inputs = { "text", "file" },
            MaxPromptCharacters = 500,
            PromptLengthUnit = "unicode_scalar_values",
            Parameters =
            {
                new ParameterInfo { Key = "size", Type = "select", DefaultValue = "square", Options = { "square", "portrait", "landscape" }, Description = "Frame" },
                new ParameterInfo { Key = "style", Type = "select", DefaultValue = "natural", Options = { "natural", "vivid" }, Description = "Style" },
            },
            References = new ReferenceRulesInfo
            {
                MaxReferences = 2,
                Kinds = { new ReferenceKindInfo { Kind = "image", MaxBytes = 5242880, MimeTypes = { "image/png" } } },
            },
            CreditsPerImage = ExtraModelFixture.CreditsPerImage,
        };
        Assert.Equal(new ListModelsResponse { Models = { ListModelsTests.GptImage2, expected }, DefaultModel = "gpt-image-2" }, response);
    }

    [Fact]
    public async Task A_request_for_the_configured_model_takes_its_parameters_by_key_and_reserves_its_own_price()
    {
        var account = await fixture.CreateAccountAsync(credits: 100);
        var marker = $"configured model {Guid.NewGuid():N}";
        // Rivya keeps answering 503, so the task stays SUBMITTING and its reservation stays in place to be seen.
        await fixture.Simulator.AddFaultAsync(new { endpoint = "create", kind = "http_error", status = 503, count = 1000, promptContains = marker });
        var request = new CreateImageRequest { Model = Model, Prompt = marker, Params = new ImageParams { Values = { ["size"] = "portrait" } } };

        var task = await account.Client.CreateImageAsync(request);
        var balance = await account.Client.GetBalanceAsync(new GetBalanceRequest());

        Assert.Equal(TaskStatus.Submitting, task.Status);
        Assert.Equal(Model, task.Model);
        Assert.Equal(new Dictionary<string, string> { ["size"] = "portrait", ["style"] = "natural" }, task.Params.Values);
        Assert.Equal(("", ""), (task.Params.AspectRatio, task.Params.Resolution));
        Assert.Equal((100, 7, 0, 93), (balance.Granted, balance.Reserved, balance.Spent, balance.Available));
        var reservation = Assert.Single(await Ledger.ReadAllAsync(fixture.Grains, account.Id), entry => entry.Kind == LedgerEntryKind.Reserve);
        Assert.Equal((task.Id, 7L), (reservation.TaskId, reservation.Amount));
    }

    [Theory]
    [InlineData("size", "Square", "must be one of square, portrait, landscape (got \"Square\")")]
    [InlineData("size", "1:1", "must be one of square, portrait, landscape (got \"1:1\")")]
    [InlineData("size", " square", "must be one of square, portrait, landscape (got \" square\")")]
    [InlineData("style", "VIVID", "must be one of natural, vivid (got \"VIVID\")")]
    [InlineData("style", "dramatic", "must be one of natural, vivid (got \"dramatic\")")]
    public async Task Each_configured_parameter_refuses_values_outside_its_options(string key, string value, string description)
    {
        var request = new CreateImageRequest { Model = Model, Prompt = "a harbour", Params = new ImageParams { Values = { [key] = value } } };

        var violations = await ViolationsOfAsync(request);

        Assert.Equal([($"params.{key}", description)], violations);
    }

    [Fact]
    public async Task The_built_in_models_fields_are_unknown_parameters_of_the_configured_model()
    {
        var request = new CreateImageRequest
        {
            Model = Model,
            Prompt = "a harbour",
            Params = new ImageParams { AspectRatio = "16:9", Values = { ["quality"] = "hd" } },
        };

        var violations = await ViolationsOfAsync(request);

        Assert.Equal(
            [
                ("params.aspect_ratio", "unknown parameter \"aspect_ratio\" for model flux-pro-2; known parameters: size, style"),
                ("params.quality", "unknown parameter \"quality\" for model flux-pro-2; known parameters: size, style"),
            ],
            violations);
    }

    [Fact]
    public async Task The_configured_model_applies_its_own_prompt_limit_and_reference_rules()
    {
        var request = new CreateImageRequest { Model = Model, Prompt = new string('p', 501), Params = new ImageParams() };
        request.Params.References.AddRange(Enumerable.Range(0, 3).Select(i => new ReferenceImage
        {
            Url = $"https://{ExtraModelFixture.AllowedHost}/files/{i}.jpg",
            Name = $"{i}.jpg",
            MimeType = "image/jpeg",
        }));

        var violations = await ViolationsOfAsync(request);

        Assert.Equal(
            [
                ("prompt", "must be at most 500 characters (Unicode scalar values); got 501"),
                ("params.references", "at most 2 references; got 3"),
                ("params.references[0].mime_type", "must be one of image/png for kind image (got \"image/jpeg\")"),
                ("params.references[1].mime_type", "must be one of image/png for kind image (got \"image/jpeg\")"),
                ("params.references[2].mime_type", "must be one of image/png for kind image (got \"image/jpeg\")"),
            ],
            violations);
    }

    [Fact]
    public async Task Configured_reference_hosts_leave_the_files_api_host_to_the_accounts_own_files()
    {
        var request = new CreateImageRequest { Prompt = "a harbour", Params = new ImageParams() };
        request.Params.References.Add(new ReferenceImage { Url = $"https://{ExtraModelFixture.AllowedHost}/files/a.png", Name = "a.png", MimeType = "image/png" });
        request.Params.References.Add(new ReferenceImage { Url = $"{fixture.RivyaBaseUrl().TrimEnd('/')}/files/b.png", Name = "b.png", MimeType = "image/png" });

        var violations = await ViolationsOfAsync(request);

        Assert.Equal(
            [("params.references[1].url", "is not the URL of a file this API key's account uploaded or of an image its tasks produced; upload the file with UploadReference and pass the file_id (or the url) it returns")],
            violations);
    }

    [Fact]
    public async Task A_reference_on_a_configured_host_is_accepted()
    {
        var request = new CreateImageRequest { Prompt = "a harbour", Params = new ImageParams() };
        request.Params.References.Add(new ReferenceImage { Url = $"https://{ExtraModelFixture.AllowedHost}/files/a.png", Name = "a.png", MimeType = "image/png" });

        var task = await fixture.Client().CreateImageAsync(request);

        Assert.Equal(TaskStatus.Queued, task.Status);
        Assert.Equal($"https://{ExtraModelFixture.AllowedHost}/files/a.png", Assert.Single(task.Params.References).Url);
    }

    [Fact]
    public async Task A_configured_host_spelled_in_upper_case_is_refused_not_rewritten()
    {
        var request = new CreateImageRequest { Prompt = "a harbour", Params = new ImageParams() };
        request.Params.References.Add(new ReferenceImage { Url = $"https://{ExtraModelFixture.AllowedHost.ToUpperInvariant()}/files/a.png", Name = "a.png", MimeType = "image/png" });

        var violations = await ViolationsOfAsync(request);

        Assert.Equal(
            [("params.references[0].url", $"write host {ExtraModelFixture.AllowedHost.ToUpperInvariant()} in lower case ({ExtraModelFixture.AllowedHost})")],
            violations);
    }

    private async Task<List<(string Field, string Description)>> ViolationsOfAsync(CreateImageRequest request)
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => fixture.Client().CreateImageAsync(request).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        return [.. error.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations.Select(v => (v.Field, v.Description))];
    }
}
