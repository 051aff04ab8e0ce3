namespace ImageGrid.Catalog.Tests;

/// <summary>A reference URL is taken only in the one spelling every parser reads alike; it is never rewritten.</summary>
public sealed class CanonicalUrlTests
{
    private const string Field = "params.references[0].url";
    private const string Ipv4Form = "write an IPv4 address as four numbers from 0 to 255 without leading zeros (e.g. 192.0.2.1)";

    private readonly ImageRequestValidator _validator = new(
        new ModelCatalog(),
        new ReferenceHostAllowList(["cdn.example.com", "127.0.0.1", "[::1]", "192.0.2.1"]));

    [Theory]
    [InlineData("http://2130706433/files/a.png", "host 2130706433 is not a dotted-decimal IPv4 address; " + Ipv4Form)]
    [InlineData("http://127.1/files/a.png", "host 127.1 is not a dotted-decimal IPv4 address; " + Ipv4Form)]
    [InlineData("http://0x7f.0.0.1/files/a.png", "host 0x7f.0.0.1 is not a dotted-decimal IPv4 address; " + Ipv4Form)]
    [InlineData("http://0177.0.0.1/files/a.png", "host 0177.0.0.1 is not a dotted-decimal IPv4 address; " + Ipv4Form)]
    [InlineData("http://127.0.0.01/files/a.png", "host 127.0.0.01 is not a dotted-decimal IPv4 address; " + Ipv4Form)]
    [InlineData("http://cdn.example.0x1/files/a.png", "host cdn.example.0x1 is not a dotted-decimal IPv4 address; " + Ipv4Form)]
    public void Ipv4_addresses_in_any_but_dotted_decimal_form_are_refused(string url, string problem) =>
        AssertRefused(url, problem);

    [Theory]
    [InlineData("http://１２７．０．０．１/files/a.png", "U+FF11 at index 7")]
    [InlineData("http://127．0．0．1/files/a.png", "U+FF0E at index 10")]
    [InlineData("https://cdn.example。com/a.png", "U+3002 at index 19")]
    [InlineData("https://cdn.example.com/é.png", "U+00E9 at index 24")]
    public void Non_ascii_characters_are_refused(string url, string where) =>
        AssertRefused(url, $"contains the non-ASCII character {where}; write the host in ASCII (xn-- punycode for an international name) and percent-encode other characters as UTF-8 (e.g. %C3%A9)");

    [Theory]
    [InlineData(" https://cdn.example.com/a.png")]
    [InlineData("https://cdn.example.com/a.png ")]
    [InlineData("\thttps://cdn.example.com/a.png")]
    [InlineData("https://cdn.example.com/a.png\n")]
    public void Leading_or_trailing_whitespace_is_refused(string url) =>
        AssertRefused(url, "must not start or end with whitespace or control characters; remove them");

    [Theory]
    [InlineData("https://cdn.example.com/a\n.png", "a line feed (U+000A) at index 25")]
    [InlineData("https://cdn.example.com\n.evil.test/a.png", "a line feed (U+000A) at index 23")]
    [InlineData("https://cdn.example.com/a\t.png", "a tab (U+0009) at index 25")]
    [InlineData("https://cdn.example.com/a\r.png", "a carriage return (U+000D) at index 25")]
    [InlineData("https://cdn.example.com/a b.png", "a space at index 25")]
    [InlineData("https://cdn.example.com/a\0.png", "the control character U+0000 at index 25")]
    public void Embedded_whitespace_and_control_characters_are_refused(string url, string what) =>
        AssertRefused(url, $"contains {what}; remove it (a space in a path is written %20)");

    [Theory]
    [InlineData("http://user:pw@cdn.example.com/a.png")]
    [InlineData("http://user@cdn.example.com/a.png")]
    [InlineData("http://cdn.example.com@127.0.0.1/a.png")]
    [InlineData("http://@cdn.example.com/a.png")]
    public void User_information_is_refused(string url) =>
        AssertRefused(url, "must not carry a user name or password (user:password@); give the URL without them");

    [Theory]
    [InlineData("https://cdn.example.com\\@evil.test/a.png", "\"\\\" at index 23, which URL parsers read differently; percent-encode it (%5C)")]
    [InlineData("https://cdn.example.com/a|b.png", "\"|\" at index 25, which URL parsers read differently; percent-encode it (%7C)")]
    public void Characters_parsers_read_differently_are_refused(string url, string what) =>
        AssertRefused(url, $"contains {what}");

    [Theory]
    [InlineData("https://CDN.example.com/a.png", "write host CDN.example.com in lower case (cdn.example.com)")]
    [InlineData("HTTPS://cdn.example.com/a.png", "write the scheme in lower case (https://)")]
    [InlineData("https://cdn.example.com./a.png", "host cdn.example.com. has an empty label; remove the extra dot (a name does not end with \".\")")]
    [InlineData("https://cdn_1.example.com/a.png", "host cdn_1.example.com is not a DNS name: use lower-case letters, digits and hyphens in labels of at most 63 characters separated by dots")]
    [InlineData("http://[0:0:0:0:0:0:0:1]/a.png", "write IPv6 address [0:0:0:0:0:0:0:1] in its shortest lower-case form ([::1])")]
    [InlineData("http://[fe80::1%25eth0]/a.png", "host [fe80::1%25eth0] is not an IPv6 address (without a zone); write one in brackets, e.g. [2001:db8::1]")]
    [InlineData("https://cdn.example.com:0443/a.png", "port must be a number from 1 to 65535 without leading zeros (got \"0443\")")]
    [InlineData("https://cdn.example.com:/a.png", "port must be a number from 1 to 65535 without leading zeros (got \"\")")]
    [InlineData("https://cdn.example.com:70000/a.png", "port must be a number from 1 to 65535 without leading zeros (got \"70000\")")]
    [InlineData("https://cdn.example.com", "needs a path after the host, starting with \"/\" (e.g. https://cdn.example.com/image.png)")]
    [InlineData("https://cdn.example.com?a=1", "needs a path after the host, starting with \"/\" (e.g. https://cdn.example.com/image.png)")]
    [InlineData("https://cdn.example.com/files/../_sim/stats", "must not contain \".\" or \"..\" path segments, which fetchers resolve differently; give the file's own path")]
    [InlineData("https://cdn.example.com/files/%2E%2e/_sim/stats", "must not contain \".\" or \"..\" path segments, which fetchers resolve differently; give the file's own path")]
    [InlineData("https://cdn.example.com/./a.png", "must not contain \".\" or \"..\" path segments, which fetchers resolve differently; give the file's own path")]
    [InlineData("https://cdn.example.com/a%2.png", "uses \"%\" that is not followed by two hex digits; write a literal % as %25")]
    [InlineData("https://cdn.example.com/a[1].png", "must not contain \"[\" or \"]\" after the host; percent-encode them (%5B, %5D)")]
    public void Other_spellings_are_refused_saying_what_to_change(string url, string problem) =>
        AssertRefused(url, problem);

    [Fact]
    public void A_url_longer_than_the_limit_is_refused_before_anything_else()
    {
        var url = "https://cdn.example.com/" + new string('a', CanonicalUrl.MaxCharacters);

        AssertRefused(url, $"must be at most 2048 characters (Unicode scalar values); got {url.Length}");
    }

    [Theory]
    [InlineData("https://cdn.example.com/reference-image.png")]
    [InlineData("http://cdn.example.com:8443/files/a%20b.png?sig=abc&x=%2F#top")]
    [InlineData("http://127.0.0.1:5090/files/file_1/a.png")]
    [InlineData("http://192.0.2.1/a.png")]
    [InlineData("http://[::1]:5090/a.png")]
    [InlineData("https://cdn.example.com/a..b/.well-known/x.png")]
    public void A_canonical_url_is_taken_and_sent_exactly_as_given(string url)
    {
        var result = _validator.Validate(Inputs.WithReferences(Inputs.Reference() with { Url = url }));

        Assert.True(result.IsValid, string.Join("; ", result.Violations));
        Assert.Equal(url, Assert.Single(result.Request.References).Url);
    }

    private void AssertRefused(string url, string problem)
    {
        var result = _validator.Validate(Inputs.WithReferences(Inputs.Reference() with { Url = url }));

        Assert.Equal([new FieldViolation(Field, problem)], result.Violations);
    }
}
