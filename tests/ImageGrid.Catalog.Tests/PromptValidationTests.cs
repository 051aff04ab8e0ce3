namespace ImageGrid.Catalog.Tests;

public sealed class PromptValidationTests
{
    // Five code points: ব া ং ল া.
    private const string Bangla = "বাংলা";

    private readonly ImageRequestValidator _validator = new(new ModelCatalog(), ReferenceHosts.CdnExample);

    [Fact]
    public void Prompt_of_20000_emoji_is_accepted_although_it_is_40000_UTF16_units()
    {
        var prompt = string.Concat(Enumerable.Repeat("👍", 20000));

        var result = _validator.Validate(Inputs.Minimal(prompt));

        Assert.Equal(40000, prompt.Length);
        Assert.True(result.IsValid);
    }

    [Fact]
    public void Prompt_of_20001_emoji_is_rejected()
    {
        var prompt = string.Concat(Enumerable.Repeat("👍", 20001));

        var result = _validator.Validate(Inputs.Minimal(prompt));

        Assert.False(result.IsValid);
        Assert.Equal(
            [new FieldViolation("prompt", "must be at most 20000 characters (Unicode scalar values); got 20001")],
            result.Violations);
    }

    [Fact]
    public void Prompt_of_20000_Bengali_code_points_is_accepted()
    {
        var prompt = string.Concat(Enumerable.Repeat(Bangla, 4000));

        var result = _validator.Validate(Inputs.Minimal(prompt));

        Assert.Equal(20000, prompt.Length);
        Assert.True(result.IsValid);
    }

    [Fact]
    public void Prompt_of_20001_Bengali_code_points_is_rejected()
    {
        var prompt = string.Concat(Enumerable.Repeat(Bangla, 4000)) + "ক";

        var result = _validator.Validate(Inputs.Minimal(prompt));

        Assert.False(result.IsValid);
        Assert.Equal(
            [new FieldViolation("prompt", "must be at most 20000 characters (Unicode scalar values); got 20001")],
            result.Violations);
    }

    [Fact]
    public void Empty_prompt_is_rejected()
    {
        var result = _validator.Validate(Inputs.Minimal(""));

        Assert.False(result.IsValid);
        Assert.Equal([new FieldViolation("prompt", "is required")], result.Violations);
    }

    [Theory]
    [InlineData(" ")]
    [InlineData("   ")]
    [InlineData("\t\r\n")]
    [InlineData("\u00a0")]
    [InlineData("\u3000")]
    public void Whitespace_prompt_is_rejected(string prompt)
    {
        var result = _validator.Validate(Inputs.Minimal(prompt));

        Assert.False(result.IsValid);
        Assert.Equal([new FieldViolation("prompt", "must not be only whitespace")], result.Violations);
    }
}
