using Microsoft.Extensions.DependencyInjection;

namespace ImageGrid.Catalog.Tests;

public sealed class ConfiguredModelTests
{
    [Fact]
    public void Configured_model_binds_every_field()
    {
        using var services = CatalogServices.Build(CatalogSettings.Flux(0));

        var catalog = services.GetRequiredService<ModelCatalog>();

        Assert.Equal(["gpt-image-2", "flux-pro-2"], catalog.All.Select(model => model.Id));
        Assert.True(catalog.TryGet("flux-pro-2", out var flux));
        Assert.Equal("FLUX Pro 2", flux.DisplayName);
        Assert.Equal(500, flux.MaxPromptCharacters);
        Assert.Equal(7, flux.CreditsPerImage);
        Assert.Equal(["text"], flux.Inputs);
        Assert.Collection(
            flux.Parameters,
            size =>
            {
                Assert.Equal("size", size.Key);
                Assert.Equal("select", size.Type);
                Assert.Equal("square", size.Default);
                Assert.Equal(["square", "portrait", "landscape"], size.Options);
                Assert.Equal("Frame", size.Description);
            },
            style =>
            {
                Assert.Equal("style", style.Key);
                Assert.Equal("natural", style.Default);
                Assert.Equal(["natural", "vivid"], style.Options);
            });
        Assert.Equal(2, flux.ReferenceRules.MaxReferences);
        var image = Assert.Single(flux.ReferenceRules.Kinds);
        Assert.Equal("image", image.Kind);
        Assert.Equal(5242880, image.MaxBytes);
        Assert.Equal(["image/png"], image.MimeTypes);
    }

    [Fact]
    public void Without_a_catalog_section_only_the_built_in_models_are_known()
    {
        using var services = CatalogServices.Build([]);

        var catalog = services.GetRequiredService<ModelCatalog>();

        Assert.Equal(["gpt-image-2"], catalog.All.Select(model => model.Id));
        Assert.Equal("gpt-image-2", catalog.DefaultModelId);
    }

    [Fact]
    public void Configured_model_applies_its_own_defaults_and_price()
    {
        var input = Inputs.Minimal() with
        {
            Model = "flux-pro-2",
            Parameters = new Dictionary<string, string> { ["size"] = "portrait" },
        };

        using var services = CatalogServices.Build(CatalogSettings.Flux(0));

        var result = services.GetRequiredService<ImageRequestValidator>().Validate(input);

        Assert.True(result.IsValid);
        Assert.Equal("flux-pro-2", result.Request.Model);
        Assert.Equal([new("size", "portrait"), new("style", "natural")], result.Request.Parameters.ToArray());
        Assert.Equal(7, result.Model.CreditsPerImage);
    }

    [Fact]
    public void Configured_model_rejects_values_outside_its_own_options()
    {
        var input = Inputs.Minimal() with
        {
            Model = "flux-pro-2",
            Parameters = new Dictionary<string, string> { ["size"] = "1:1" },
        };

        using var services = CatalogServices.Build(CatalogSettings.Flux(0));

        var result = services.GetRequiredService<ImageRequestValidator>().Validate(input);

        Assert.Equal(
            [new FieldViolation("params.size", "must be one of square, portrait, landscape (got \"1:1\")")],
            result.Violations);
    }

    [Fact]
    public void Configured_model_rejects_parameters_it_does_not_define()
    {
        var input = Inputs.Minimal() with
        {
            Model = "flux-pro-2",
            Parameters = new Dictionary<string, string> { ["aspect_ratio"] = "1:1" },
        };

        using var services = CatalogServices.Build(CatalogSettings.Flux(0));

        var result = services.GetRequiredService<ImageRequestValidator>().Validate(input);

        Assert.Equal(
            [new FieldViolation("params.aspect_ratio", "unknown parameter \"aspect_ratio\" for model flux-pro-2; known parameters: size, style")],
            result.Violations);
    }

    [Fact]
    public void Configured_model_applies_its_own_prompt_limit()
    {
        var input = Inputs.Minimal(new string('p', 501)) with { Model = "flux-pro-2" };

        using var services = CatalogServices.Build(CatalogSettings.Flux(0));

        var result = services.GetRequiredService<ImageRequestValidator>().Validate(input);

        Assert.Equal(
            [new FieldViolation("prompt", "must be at most 500 characters (Unicode scalar values); got 501")],
            result.Violations);
    }

    [Fact]
    public void Configured_model_applies_its_own_reference_rules()
    {
        var references = Inputs.References(3);
        references[0] = references[0] with { MimeType = "image/jpeg" };
        var input = Inputs.Minimal() with { Model = "flux-pro-2", References = references };

        using var services = CatalogServices.Build(CatalogSettings.Flux(0));

        var result = services.GetRequiredService<ImageRequestValidator>().Validate(input);

        Assert.Equal(
            [
                new FieldViolation("params.references", "at most 2 references; got 3"),
                new FieldViolation("params.references[0].mime_type", "must be one of image/png for kind image (got \"image/jpeg\")"),
            ],
            result.Violations);
    }

    [Fact]
    public void Configured_default_model_applies_to_requests_naming_none()
    {
        var settings = CatalogSettings.Flux(0).Append(new("Catalog:DefaultModel", "flux-pro-2"));
        using var services = CatalogServices.Build(settings);

        var result = services.GetRequiredService<ImageRequestValidator>().Validate(Inputs.Minimal());

        Assert.True(result.IsValid);
        Assert.Equal("flux-pro-2", result.Request.Model);
    }

    [Fact]
    public void Configured_model_with_the_built_in_id_replaces_it()
    {
        var settings = CatalogSettings.Flux(0).Select(setting =>
            setting.Key == "Catalog:Models:0:Id" ? new KeyValuePair<string, string?>(setting.Key, "gpt-image-2") : setting);
        using var services = CatalogServices.Build(settings);

        var catalog = services.GetRequiredService<ModelCatalog>();

        Assert.Equal(["gpt-image-2"], catalog.All.Select(model => model.Id));
        Assert.True(catalog.TryGet("gpt-image-2", out var model));
        Assert.Equal(7, model.CreditsPerImage);
        Assert.Equal(["size", "style"], model.Parameters.Select(parameter => parameter.Key));
    }
}
