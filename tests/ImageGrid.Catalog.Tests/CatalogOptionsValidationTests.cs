using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ImageGrid.Catalog.Tests;

public sealed class CatalogOptionsValidationTests
{
    private const string Flux = "Catalog:Models:0 (id \"flux-pro-2\")";

    [Theory]
    [InlineData("Parameters:0:Default", "huge", Flux + ": parameter \"size\" has Default \"huge\", which is not among its Options (square, portrait, landscape)")]
    [InlineData("Parameters:0:Default", "Square", Flux + ": parameter \"size\" has Default \"Square\", which is not among its Options (square, portrait, landscape)")]
    [InlineData("Parameters:1:Key", "size", Flux + ": parameter \"size\" is defined more than once")]
    [InlineData("Parameters:1:Key", "references", Flux + ": parameter \"references\" uses a reserved key")]
    [InlineData("Parameters:0:Type", "range", Flux + ": parameter \"size\" has Type \"range\"; only \"select\" is supported")]
    [InlineData("Parameters:1:Options:2", "natural", Flux + ": parameter \"style\" lists option \"natural\" more than once")]
    [InlineData("CreditsPerImage", "0", Flux + ": CreditsPerImage must be positive; got 0")]
    [InlineData("MaxPromptCharacters", "0", Flux + ": MaxPromptCharacters must be positive; got 0")]
    [InlineData("ReferenceRules:MaxReferences", "-1", Flux + ": ReferenceRules.MaxReferences must not be negative; got -1")]
    [InlineData("ReferenceRules:Kinds:0:MaxBytes", "0", Flux + ": reference kind \"image\" has MaxBytes 0; it must be positive")]
    [InlineData("ReferenceRules:Kinds:1:Kind", "image", Flux + ": reference kind \"image\" is defined more than once")]
    public void Inconsistent_configured_model_fails_validation_at_start(string relativeKey, string value, string expectedFailure)
    {
        using var services = CatalogServices.Build(CatalogSettings.FluxWith(relativeKey, value));

        var exception = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains(expectedFailure, exception.Failures);
    }

    [Fact]
    public void Default_outside_options_is_the_only_failure_reported_for_that_mistake()
    {
        using var services = CatalogServices.Build(CatalogSettings.FluxWith("Parameters:0:Default", "huge"));

        var exception = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<ModelCatalog>());

        Assert.Equal(
            [Flux + ": parameter \"size\" has Default \"huge\", which is not among its Options (square, portrait, landscape)"],
            exception.Failures);
    }

    [Fact]
    public void Model_configured_twice_fails_validation()
    {
        using var services = CatalogServices.Build(CatalogSettings.Flux(0).Concat(CatalogSettings.Flux(1)));

        var exception = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<ModelCatalog>());

        Assert.Equal(["Catalog:Models:1 (id \"flux-pro-2\"): model id is configured more than once"], exception.Failures);
    }

    [Fact]
    public void Model_without_id_fails_validation()
    {
        using var services = CatalogServices.Build(CatalogSettings.Flux(0, id: ""));

        var exception = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<ModelCatalog>());

        Assert.Equal(["Catalog:Models:0 (id \"\"): Id is required"], exception.Failures);
    }

    [Fact]
    public void Unknown_default_model_fails_validation()
    {
        using var services = CatalogServices.Build([new("Catalog:DefaultModel", "dall-e-9")]);

        var exception = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<ModelCatalog>());

        Assert.Equal(["Catalog:DefaultModel \"dall-e-9\" is not a known model"], exception.Failures);
    }

    [Fact]
    public void Valid_configuration_passes_validation_at_start()
    {
        using var services = CatalogServices.Build(CatalogSettings.Flux(0));

        services.GetRequiredService<IStartupValidator>().Validate();
    }

    [Fact]
    public void Catalog_built_directly_from_invalid_options_throws_the_same_failures()
    {
        var broken = BuiltInModels.GptImage2 with { Id = "broken", CreditsPerImage = 0 };

        var exception = Assert.Throws<OptionsValidationException>(() => new ModelCatalog(new CatalogOptions { Models = [broken] }));

        Assert.Equal(["Catalog:Models:0 (id \"broken\"): CreditsPerImage must be positive; got 0"], exception.Failures);
    }
}
