namespace ImageGrid.Catalog.Tests;

public sealed class PromptLengthTests
{
    [Theory]
    [InlineData("", 0)]
    [InlineData("a", 1)]
    [InlineData("hello world", 11)]
    [InlineData("👍", 1)]
    [InlineData("👍👍👍", 3)]
    [InlineData("বাংলা", 5)]
    [InlineData("é", 1)]
    [InlineData("e\u0301", 2)]
    // man, zero-width joiner, woman, zero-width joiner, girl: one glyph, five scalar values.
    [InlineData("👨‍👩‍👧", 5)]
    public void Counts_unicode_scalar_values(string text, int expected)
    {
        Assert.Equal(expected, PromptLength.Count(text));
    }

    [Fact]
    public void Emoji_counts_one_although_it_is_two_UTF16_units()
    {
        Assert.Equal(2, "👍".Length);
        Assert.Equal(1, PromptLength.Count("👍"));
    }
}
