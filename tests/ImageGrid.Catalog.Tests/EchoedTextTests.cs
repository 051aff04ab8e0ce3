namespace ImageGrid.Catalog.Tests;

/// <summary>Caller text echoed in a message is bounded, so an answer stays small whatever the request carried.</summary>
public sealed class EchoedTextTests
{
    private readonly ImageRequestValidator _validator = new(new ModelCatalog(), ReferenceHosts.CdnExample);

    [Fact]
    public void A_value_of_100_characters_is_echoed_whole()
    {
        var value = new string('x', 100);

        var result = _validator.Validate(Inputs.WithParameter("aspect_ratio", value));

        Assert.Equal($"must be one of auto, 1:1, 9:16, 16:9, 4:3, 3:4 (got \"{value}\")", Assert.Single(result.Violations).Description);
    }

    [Fact]
    public void A_longer_value_is_echoed_as_its_first_100_scalar_values_and_its_length()
    {
        var value = string.Concat(Enumerable.Repeat("👍", 150));

        var result = _validator.Validate(Inputs.WithParameter("aspect_ratio", value));

        Assert.Equal(
            $"must be one of auto, 1:1, 9:16, 16:9, 4:3, 3:4 (got \"{string.Concat(Enumerable.Repeat("👍", 100))}…\" (150 characters))",
            Assert.Single(result.Violations).Description);
    }

    [Fact]
    public void A_long_model_id_is_echoed_shortened()
    {
        var model = new string('m', 1_000_000);

        var result = _validator.Validate(Inputs.Minimal() with { Model = model });

        Assert.Equal(
            [new FieldViolation("model", $"unknown model \"{new string('m', 100)}…\" (1000000 characters); known models: gpt-image-2")],
            result.Violations);
    }

    [Fact]
    public void A_long_malformed_url_is_echoed_shortened()
    {
        var url = "not a url " + new string('u', 300);

        var result = _validator.Validate(Inputs.WithReferences(Inputs.Reference() with { Url = url }));

        Assert.Equal(
            [new FieldViolation("params.references[0].url", $"must be an absolute http or https URL (got \"{url[..100]}…\" (310 characters))")],
            result.Violations);
    }
}
