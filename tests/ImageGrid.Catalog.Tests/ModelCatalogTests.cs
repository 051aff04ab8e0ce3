namespace ImageGrid.Catalog.Tests;

public sealed class ModelCatalogTests
{
    [Fact]
    public void Built_in_gpt_image_2_is_as_the_model_page_gives_it()
    {
        var model = BuiltInModels.GptImage2;

        Assert.Equal("gpt-image-2", model.Id);
        Assert.Equal(20000, model.MaxPromptCharacters);
        Assert.Equal(3, model.CreditsPerImage);
        Assert.Equal(["text", "file"], model.Inputs);
        Assert.Collection(
            model.Parameters,
            aspectRatio =>
            {
                Assert.Equal("aspect_ratio", aspectRatio.Key);
                Assert.Equal("select", aspectRatio.Type);
                Assert.Equal("1:1", aspectRatio.Default);
                Assert.Equal(["auto", "1:1", "9:16", "16:9", "4:3", "3:4"], aspectRatio.Options);
            },
            resolution =>
            {
                Assert.Equal("resolution", resolution.Key);
                Assert.Equal("select", resolution.Type);
                Assert.Equal("1K", resolution.Default);
                Assert.Equal(["1K", "2K", "4K"], resolution.Options);
            });
        Assert.Equal(16, model.ReferenceRules.MaxReferences);
        var image = Assert.Single(model.ReferenceRules.Kinds);
        Assert.Equal("image", image.Kind);
        Assert.Equal(10 * 1024 * 1024, image.MaxBytes);
        Assert.Equal(["image/jpeg", "image/png", "image/webp"], image.MimeTypes);
    }

    [Fact]
    public void Built_in_models_pass_the_configuration_checks()
    {
        var options = new CatalogOptions { Models = [.. BuiltInModels.All] };

        var result = new CatalogOptionsValidator().Validate(null, options);

        Assert.True(result.Succeeded);
    }

    [Fact]
    public void Default_catalog_holds_only_gpt_image_2_and_defaults_to_it()
    {
        var catalog = new ModelCatalog();

        Assert.Equal(["gpt-image-2"], catalog.All.Select(model => model.Id));
        Assert.Equal("gpt-image-2", catalog.DefaultModelId);
    }

    [Fact]
    public void TryGet_finds_a_known_model()
    {
        var found = new ModelCatalog().TryGet("gpt-image-2", out var model);

        Assert.True(found);
        Assert.Same(BuiltInModels.GptImage2, model);
    }

    [Theory]
    [InlineData("GPT-IMAGE-2")]
    [InlineData("dall-e-9")]
    [InlineData("")]
    public void TryGet_misses_an_unknown_model(string id)
    {
        var found = new ModelCatalog().TryGet(id, out var model);

        Assert.False(found);
        Assert.Null(model);
    }

    [Fact]
    public void Configured_model_with_a_built_in_id_replaces_the_built_in()
    {
        var replacement = BuiltInModels.GptImage2 with { CreditsPerImage = 4 };

        var catalog = new ModelCatalog(new CatalogOptions { Models = [replacement] });

        Assert.Equal(["gpt-image-2"], catalog.All.Select(model => model.Id));
        Assert.True(catalog.TryGet("gpt-image-2", out var model));
        Assert.Equal(4, model.CreditsPerImage);
    }

    [Fact]
    public void Configured_new_model_follows_the_built_in_ones()
    {
        var extra = BuiltInModels.GptImage2 with { Id = "gpt-image-2-mini" };

        var catalog = new ModelCatalog(new CatalogOptions { Models = [extra] });

        Assert.Equal(["gpt-image-2", "gpt-image-2-mini"], catalog.All.Select(model => model.Id));
    }

    [Fact]
    public void Configured_default_model_is_used_for_requests_naming_none()
    {
        var extra = BuiltInModels.GptImage2 with { Id = "gpt-image-2-mini" };
        var catalog = new ModelCatalog(new CatalogOptions { Models = [extra], DefaultModel = "gpt-image-2-mini" });

        var result = new ImageRequestValidator(catalog, ReferenceHosts.CdnExample).Validate(Inputs.Minimal());

        Assert.Equal("gpt-image-2-mini", catalog.DefaultModelId);
        Assert.True(result.IsValid);
        Assert.Equal("gpt-image-2-mini", result.Request.Model);
    }

    [Fact]
    public void Unknown_model_message_lists_every_known_model()
    {
        var extra = BuiltInModels.GptImage2 with { Id = "gpt-image-2-mini" };
        var validator = new ImageRequestValidator(new ModelCatalog(new CatalogOptions { Models = [extra] }), ReferenceHosts.CdnExample);

        var result = validator.Validate(Inputs.Minimal() with { Model = "x" });

        Assert.Equal(
            [new FieldViolation("model", "unknown model \"x\"; known models: gpt-image-2, gpt-image-2-mini")],
            result.Violations);
    }
}
