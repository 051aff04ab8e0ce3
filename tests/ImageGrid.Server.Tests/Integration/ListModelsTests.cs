using Grpc.Core;
using ImageGrid.Contracts.V1;
using ImageGrid.Server.Tests.Infrastructure;

namespace ImageGrid.Server.Tests.Integration;

[Collection(ImageGridCollection.Name)]
public sealed class ListModelsTests(ImageGridFixture fixture)
{
    /// <summary>The seed's model page, field by field.</summary>
    public static ModelInfo GptImage2 => new()
    {
        Id = "gpt-image-2",
        DisplayName = "GPT Image 2",
        Inputs = { "text", "file" },
        MaxPromptCharacters = 20000,
        PromptLengthUnit = "unicode_scalar_values",
        Parameters =
        {
            new ParameterInfo
            {
                Key = "aspect_ratio",
                Type = "select",
                DefaultValue = "1:1",
                Options = { "auto", "1:1", "9:16", "16:9", "4:3", "3:4" },
                Description = "Aspect ratio",
            },
            new ParameterInfo
            {
                Key = "resolution",
                Type = "select",
                DefaultValue = "1K",
                Options = { "1K", "2K", "4K" },
                Description = "Resolution",
            },
        },
        References = new ReferenceRulesInfo
        {
            MaxReferences = 16,
            Kinds =
            {
                new ReferenceKindInfo { Kind = "image", MaxBytes = 10 * 1024 * 1024, MimeTypes = { "image/jpeg", "image/png", "image/webp" } },
            },
        },
        CreditsPerImage = 3,
    };

    [Fact]
    public async Task ListModels_returns_gpt_image_2_exactly_as_the_seed_gives_it()
    {
        var response = await fixture.Client().ListModelsAsync(new ListModelsRequest());

        Assert.Equal(new ListModelsResponse { Models = { GptImage2 }, DefaultModel = "gpt-image-2" }, response);
    }

    [Fact]
    public async Task ListModels_requires_an_api_key()
    {
        var missing = await Assert.ThrowsAsync<RpcException>(() => fixture.Client(apiKey: null).ListModelsAsync(new ListModelsRequest()).ResponseAsync);
        var wrong = await Assert.ThrowsAsync<RpcException>(() => fixture.Client("igk_not_a_key").ListModelsAsync(new ListModelsRequest()).ResponseAsync);

        Assert.Equal(StatusCode.Unauthenticated, missing.StatusCode);
        Assert.Equal(StatusCode.Unauthenticated, wrong.StatusCode);
    }

    [Fact]
    public async Task A_task_echoes_every_parameter_in_values_and_the_named_fields()
    {
        var request = new CreateImageRequest { Prompt = "A lighthouse at dawn", Params = new ImageParams { Values = { ["aspect_ratio"] = "16:9" } } };

        var task = await fixture.Client().CreateImageAsync(request);

        Assert.Equal("16:9", task.Params.AspectRatio);
        Assert.Equal("1K", task.Params.Resolution);
        Assert.Equal(new Dictionary<string, string> { ["aspect_ratio"] = "16:9", ["resolution"] = "1K" }, task.Params.Values);
    }
}
