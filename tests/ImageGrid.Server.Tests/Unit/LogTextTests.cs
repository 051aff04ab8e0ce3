using ImageGrid.Grains;

namespace ImageGrid.Server.Tests.Unit;

public sealed class LogTextTests
{
    [Theory]
    [InlineData("tsk_0123", "tsk_0123")]
    [InlineData("a lighthouse at dawn, 日本語 😀", "a lighthouse at dawn, 日本語 😀")]
    [InlineData("line\nfail: forged", @"line\nfail: forged")]
    [InlineData("cr\rtab\tnul\0", @"cr\rtab\tnul\u0000")]
    [InlineData("rtl \u202Egnp.exe and \u200F mark", @"rtl \u202Egnp.exe and \u200F mark")]
    [InlineData("sep\u2028para\u2029", @"sep\u2028para\u2029")]
    [InlineData(@"back\slash", @"back\\slash")]
    public void Escapes_what_could_forge_split_or_reorder_a_log_line(string value, string logged) =>
        Assert.Equal(logged, LogText.Escape(value));

    [Fact]
    public void Escapes_a_lone_surrogate() => Assert.Equal(@"lone \uD800 surrogate", LogText.Escape("lone \uD800 surrogate"));

    [Fact]
    public void Cuts_long_text_and_says_how_much_was_left_out()
    {
        var logged = LogText.Escape(new string('x', LogText.MaxLength + 50));

        Assert.Equal(new string('x', LogText.MaxLength) + "...(50 more characters)", logged);
    }

    [Fact]
    public void Null_is_empty() => Assert.Equal("", LogText.Escape(null));
}
