namespace ImageGrid.Catalog.Tests;

public sealed class ParameterValidationTests
{
    private const string AspectRatioOptions = "auto, 1:1, 9:16, 16:9, 4:3, 3:4";
    private const string ResolutionOptions = "1K, 2K, 4K";

    private readonly ImageRequestValidator _validator = new(new ModelCatalog(), ReferenceHosts.CdnExample);

    [Theory]
    [InlineData("auto")]
    [InlineData("1:1")]
    [InlineData("9:16")]
    [InlineData("16:9")]
    [InlineData("4:3")]
    [InlineData("3:4")]
    public void Every_aspect_ratio_option_is_accepted(string aspectRatio)
    {
        var result = _validator.Validate(Inputs.WithParameter("aspect_ratio", aspectRatio));

        Assert.True(result.IsValid);
        Assert.Equal(aspectRatio, result.Request.Parameters["aspect_ratio"]);
    }

    [Theory]
    [InlineData("1K")]
    [InlineData("2K")]
    [InlineData("4K")]
    public void Every_resolution_option_is_accepted(string resolution)
    {
        var result = _validator.Validate(Inputs.WithParameter("resolution", resolution));

        Assert.True(result.IsValid);
        Assert.Equal(resolution, result.Request.Parameters["resolution"]);
    }

    [Theory]
    [InlineData("2:1")]
    [InlineData("16:10")]
    [InlineData("1:1 ")]
    [InlineData(" 1:1")]
    [InlineData("1 : 1")]
    [InlineData("1x1")]
    [InlineData("AUTO")]
    [InlineData("Auto")]
    [InlineData("square")]
    [InlineData(" ")]
    public void Aspect_ratio_outside_the_options_is_rejected(string aspectRatio)
    {
        var result = _validator.Validate(Inputs.WithParameter("aspect_ratio", aspectRatio));

        Assert.False(result.IsValid);
        Assert.Equal(
            [new FieldViolation("params.aspect_ratio", $"must be one of {AspectRatioOptions} (got \"{aspectRatio}\")")],
            result.Violations);
    }

    [Theory]
    [InlineData("1k")]
    [InlineData("2k")]
    [InlineData("4k")]
    [InlineData("3K")]
    [InlineData("8K")]
    [InlineData("1024")]
    [InlineData("1K ")]
    [InlineData("HD")]
    public void Resolution_outside_the_options_is_rejected(string resolution)
    {
        var result = _validator.Validate(Inputs.WithParameter("resolution", resolution));

        Assert.False(result.IsValid);
        Assert.Equal(
            [new FieldViolation("params.resolution", $"must be one of {ResolutionOptions} (got \"{resolution}\")")],
            result.Violations);
    }

    [Fact]
    public void Unknown_parameter_key_is_rejected()
    {
        var result = _validator.Validate(Inputs.WithParameter("seed", "42"));

        Assert.False(result.IsValid);
        Assert.Equal(
            [new FieldViolation("params.seed", "unknown parameter \"seed\" for model gpt-image-2; known parameters: aspect_ratio, resolution")],
            result.Violations);
    }

    [Fact]
    public void Parameter_keys_are_case_sensitive()
    {
        var result = _validator.Validate(Inputs.WithParameter("Aspect_Ratio", "1:1"));

        Assert.False(result.IsValid);
        Assert.Equal("params.Aspect_Ratio", Assert.Single(result.Violations).Field);
    }

    [Fact]
    public void Unknown_parameter_key_with_an_empty_value_counts_as_not_given()
    {
        var result = _validator.Validate(Inputs.WithParameter("seed", ""));

        Assert.True(result.IsValid);
        Assert.False(result.Request.Parameters.ContainsKey("seed"));
    }
}
