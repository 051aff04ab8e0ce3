using Microsoft.Extensions.DependencyInjection;

namespace ImageGrid.Catalog.Tests;

/// <summary>Parameters given by key in <c>params.values</c>, alone or beside their own fields.</summary>
public sealed class ParameterValuesTests
{
    private readonly ImageRequestValidator _validator = new(new ModelCatalog(), ReferenceHosts.CdnExample);

    private static ImageRequestInput WithValues(IReadOnlyDictionary<string, string> values, IReadOnlyDictionary<string, string>? fields = null) =>
        Inputs.Minimal() with { Parameters = fields ?? new Dictionary<string, string>(), ParameterValues = values };

    [Fact]
    public void Values_given_by_key_are_validated_and_normalized_like_their_fields()
    {
        var result = _validator.Validate(WithValues(new Dictionary<string, string> { ["aspect_ratio"] = "16:9", ["resolution"] = "4K" }));

        Assert.True(result.IsValid);
        Assert.Equal([new("aspect_ratio", "16:9"), new("resolution", "4K")], result.Request.Parameters.ToArray());
    }

    [Fact]
    public void A_field_and_a_value_for_different_parameters_combine()
    {
        var result = _validator.Validate(WithValues(
            new Dictionary<string, string> { ["resolution"] = "2K" },
            new Dictionary<string, string> { ["aspect_ratio"] = "3:4" }));

        Assert.True(result.IsValid);
        Assert.Equal([new("aspect_ratio", "3:4"), new("resolution", "2K")], result.Request.Parameters.ToArray());
    }

    [Fact]
    public void The_same_value_in_both_places_is_accepted()
    {
        var result = _validator.Validate(WithValues(
            new Dictionary<string, string> { ["aspect_ratio"] = "9:16" },
            new Dictionary<string, string> { ["aspect_ratio"] = "9:16" }));

        Assert.True(result.IsValid);
        Assert.Equal("9:16", result.Request.Parameters["aspect_ratio"]);
    }

    [Fact]
    public void Different_values_in_both_places_are_a_conflict_named_by_the_map_entry()
    {
        var result = _validator.Validate(WithValues(
            new Dictionary<string, string> { ["aspect_ratio"] = "16:9" },
            new Dictionary<string, string> { ["aspect_ratio"] = "1:1" }));

        Assert.Equal(
            [new FieldViolation("params.values.aspect_ratio", "is \"16:9\" but params.aspect_ratio is \"1:1\"; give aspect_ratio once, or the same value in both places")],
            result.Violations);
    }

    [Fact]
    public void An_empty_map_value_means_not_given()
    {
        var result = _validator.Validate(WithValues(
            new Dictionary<string, string> { ["aspect_ratio"] = "", ["quality"] = "" },
            new Dictionary<string, string> { ["aspect_ratio"] = "4:3" }));

        Assert.True(result.IsValid);
        Assert.Equal([new("aspect_ratio", "4:3"), new("resolution", "1K")], result.Request.Parameters.ToArray());
    }

    [Fact]
    public void Unknown_keys_are_named_as_parameters_in_key_order()
    {
        var result = _validator.Validate(WithValues(new Dictionary<string, string> { ["seed"] = "42", ["quality"] = "hd", ["resolution"] = "1K" }));

        Assert.Equal(
            [
                new FieldViolation("params.quality", "unknown parameter \"quality\" for model gpt-image-2; known parameters: aspect_ratio, resolution"),
                new FieldViolation("params.seed", "unknown parameter \"seed\" for model gpt-image-2; known parameters: aspect_ratio, resolution"),
            ],
            result.Violations);
    }

    [Fact]
    public void A_value_outside_the_options_is_named_by_its_parameter()
    {
        var result = _validator.Validate(WithValues(new Dictionary<string, string> { ["resolution"] = "8K" }));

        Assert.Equal([new FieldViolation("params.resolution", "must be one of 1K, 2K, 4K (got \"8K\")")], result.Violations);
    }

    [Fact]
    public void An_empty_key_is_refused()
    {
        var result = _validator.Validate(WithValues(new Dictionary<string, string> { [""] = "1:1" }));

        Assert.Equal([new FieldViolation("params.values", "has an empty key; use the parameter's key, e.g. aspect_ratio")], result.Violations);
    }

    [Fact]
    public void A_long_unknown_key_is_echoed_shortened()
    {
        var key = new string('k', 5000);

        var result = _validator.Validate(WithValues(new Dictionary<string, string> { [key] = "v" }));

        var violation = Assert.Single(result.Violations);
        Assert.Equal($"params.{key}", violation.Field);
        Assert.Equal(
            $"unknown parameter \"{new string('k', 100)}…\" (5000 characters) for model gpt-image-2; known parameters: aspect_ratio, resolution",
            violation.Description);
    }

    [Fact]
    public void A_configured_model_takes_its_parameters_by_key()
    {
        using var services = CatalogServices.Build(CatalogSettings.Flux(0));
        var input = Inputs.Minimal() with
        {
            Model = "flux-pro-2",
            ParameterValues = new Dictionary<string, string> { ["size"] = "landscape", ["style"] = "vivid" },
        };

        var result = services.GetRequiredService<ImageRequestValidator>().Validate(input);

        Assert.True(result.IsValid);
        Assert.Equal([new("size", "landscape"), new("style", "vivid")], result.Request.Parameters.ToArray());
        Assert.Equal(7, result.Model.CreditsPerImage);
    }

    [Fact]
    public void A_configured_model_refuses_a_field_it_does_not_define_and_bad_values_by_key_all_at_once()
    {
        using var services = CatalogServices.Build(CatalogSettings.Flux(0));
        var input = Inputs.Minimal() with
        {
            Model = "flux-pro-2",
            Parameters = new Dictionary<string, string> { ["aspect_ratio"] = "1:1" },
            ParameterValues = new Dictionary<string, string> { ["size"] = "huge", ["style"] = "Vivid" },
        };

        var result = services.GetRequiredService<ImageRequestValidator>().Validate(input);

        Assert.Equal(
            [
                new FieldViolation("params.size", "must be one of square, portrait, landscape (got \"huge\")"),
                new FieldViolation("params.style", "must be one of natural, vivid (got \"Vivid\")"),
                new FieldViolation("params.aspect_ratio", "unknown parameter \"aspect_ratio\" for model flux-pro-2; known parameters: size, style"),
            ],
            result.Violations);
    }
}
