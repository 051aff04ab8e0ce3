namespace ImageGrid.Catalog.Tests;

/// <summary>A configured model without parameters or references gets messages that say so.</summary>
public sealed class TextOnlyModelTests
{
    private static readonly ModelDefinition TextOnly = new()
    {
        Id = "text-only",
        MaxPromptCharacters = 100,
        CreditsPerImage = 1,
        Inputs = ["text"],
    };

    private readonly ImageRequestValidator _validator = new(new ModelCatalog(new CatalogOptions { Models = [TextOnly] }), ReferenceHosts.CdnExample);

    [Fact]
    public void Request_without_parameters_is_accepted_with_an_empty_parameter_set()
    {
        var result = _validator.Validate(Inputs.Minimal() with { Model = "text-only" });

        Assert.True(result.IsValid);
        Assert.Empty(result.Request.Parameters);
        Assert.Equal(1, result.Model.CreditsPerImage);
    }

    [Fact]
    public void Any_parameter_is_unknown()
    {
        var input = Inputs.WithParameter("aspect_ratio", "1:1") with { Model = "text-only" };

        var result = _validator.Validate(input);

        Assert.Equal(
            [new FieldViolation("params.aspect_ratio", "unknown parameter \"aspect_ratio\"; model text-only takes no parameters")],
            result.Violations);
    }

    [Fact]
    public void Any_reference_is_too_many()
    {
        var input = Inputs.WithReferences(Inputs.Reference()) with { Model = "text-only" };

        var result = _validator.Validate(input);

        Assert.Equal(
            [new FieldViolation("params.references", "model text-only takes no references; got 1")],
            result.Violations);
    }
}
