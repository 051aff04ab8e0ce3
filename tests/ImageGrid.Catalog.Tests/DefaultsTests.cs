namespace ImageGrid.Catalog.Tests;

public sealed class DefaultsTests
{
    private readonly ImageRequestValidator _validator = new(new ModelCatalog(), ReferenceHosts.CdnExample);

    [Fact]
    public void Empty_model_resolves_to_gpt_image_2()
    {
        var result = _validator.Validate(Inputs.Minimal());

        Assert.True(result.IsValid);
        Assert.Equal("gpt-image-2", result.Request.Model);
        Assert.Equal("gpt-image-2", result.Model.Id);
    }

    [Fact]
    public void Empty_aspect_ratio_defaults_to_1_1()
    {
        var result = _validator.Validate(Inputs.WithParameter("aspect_ratio", ""));

        Assert.True(result.IsValid);
        Assert.Equal("1:1", result.Request.Parameters["aspect_ratio"]);
    }

    [Fact]
    public void Empty_resolution_defaults_to_1K()
    {
        var result = _validator.Validate(Inputs.WithParameter("resolution", ""));

        Assert.True(result.IsValid);
        Assert.Equal("1K", result.Request.Parameters["resolution"]);
    }

    [Fact]
    public void Parameters_contain_every_parameter_of_the_model_when_none_are_given()
    {
        var result = _validator.Validate(Inputs.Minimal());

        Assert.True(result.IsValid);
        Assert.Equal(
            [new("aspect_ratio", "1:1"), new("resolution", "1K")],
            result.Request.Parameters.ToArray());
    }

    [Fact]
    public void Given_parameter_is_kept_and_the_other_defaulted()
    {
        var result = _validator.Validate(Inputs.WithParameter("resolution", "4K"));

        Assert.True(result.IsValid);
        Assert.Equal(
            [new("aspect_ratio", "1:1"), new("resolution", "4K")],
            result.Request.Parameters.ToArray());
    }

    [Fact]
    public void Empty_reference_kind_defaults_to_image()
    {
        var result = _validator.Validate(Inputs.WithReferences(Inputs.Reference() with { Kind = "" }));

        Assert.True(result.IsValid);
        Assert.Equal("image", Assert.Single(result.Request.References).Kind);
    }

    [Fact]
    public void Reference_fields_are_carried_over()
    {
        var reference = new ReferenceInput("https://cdn.example.com/reference-image.png", "image", "reference-image.png", "image/png");

        var result = _validator.Validate(Inputs.WithReferences(reference));

        Assert.True(result.IsValid);
        var item = Assert.Single(result.Request.References);
        Assert.Equal("https://cdn.example.com/reference-image.png", item.Url);
        Assert.Equal("image", item.Kind);
        Assert.Equal("reference-image.png", item.Name);
        Assert.Equal("image/png", item.MimeType);
        Assert.Null(item.DurationToken);
    }

    [Fact]
    public void Mime_type_is_matched_case_insensitively_and_stored_in_the_catalog_spelling()
    {
        var result = _validator.Validate(Inputs.WithReferences(Inputs.Reference() with { MimeType = "Image/PNG" }));

        Assert.True(result.IsValid);
        Assert.Equal("image/png", Assert.Single(result.Request.References).MimeType);
    }

    [Fact]
    public void Prompt_and_client_request_id_are_kept_unchanged()
    {
        var input = Inputs.Minimal("  A lighthouse at dusk  ") with { ClientRequestId = "order-42/attempt-1" };

        var result = _validator.Validate(input);

        Assert.True(result.IsValid);
        Assert.Equal("  A lighthouse at dusk  ", result.Request.Prompt);
        Assert.Equal("order-42/attempt-1", result.Request.ClientRequestId);
    }

    [Fact]
    public void Valid_result_has_no_violations_and_carries_the_model_price()
    {
        var result = _validator.Validate(Inputs.Minimal());

        Assert.True(result.IsValid);
        Assert.Empty(result.Violations);
        Assert.Equal(3, result.Model.CreditsPerImage);
    }
}
