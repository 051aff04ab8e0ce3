namespace ImageGrid.Catalog.Tests;

public sealed class ModelValidationTests
{
    private readonly ImageRequestValidator _validator = new(new ModelCatalog(), ReferenceHosts.CdnExample);

    [Fact]
    public void Explicit_gpt_image_2_is_accepted()
    {
        var result = _validator.Validate(Inputs.Minimal() with { Model = "gpt-image-2" });

        Assert.True(result.IsValid);
        Assert.Equal("gpt-image-2", result.Request.Model);
    }

    [Fact]
    public void Unknown_model_is_rejected_with_the_known_models()
    {
        var result = _validator.Validate(Inputs.Minimal() with { Model = "x" });

        Assert.False(result.IsValid);
        Assert.Equal([new FieldViolation("model", "unknown model \"x\"; known models: gpt-image-2")], result.Violations);
    }

    [Theory]
    [InlineData("GPT-IMAGE-2")]
    [InlineData("gpt-image-2 ")]
    [InlineData(" ")]
    public void Model_id_must_match_exactly(string model)
    {
        var result = _validator.Validate(Inputs.Minimal() with { Model = model });

        Assert.False(result.IsValid);
        Assert.Equal(
            [new FieldViolation("model", $"unknown model \"{model}\"; known models: gpt-image-2")],
            result.Violations);
    }
}
