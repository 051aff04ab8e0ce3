using System.Globalization;
using System.Text;

namespace ImageGrid.Catalog;

/// <summary>
/// The one spelling of a reference URL ImageGrid takes: the string it checks is the string Rivya receives, so it must
/// read the same to every URL parser. Nothing is rewritten; any other spelling is refused with what to change.
/// </summary>
/// <remarks>
/// Canonical means: <c>http://</c> or <c>https://</c> in lower case; printable ASCII only (no whitespace, control or
/// non-ASCII characters, nothing parsers disagree on such as <c>\</c>); no user name or password; a host that is
/// <see cref="CanonicalHost">canonical</see>; an optional port of 1 to 65535 without leading zeros; a path that starts
/// with <c>/</c> and has no <c>.</c> or <c>..</c> segments; <c>%</c> only as a percent-escape.
/// </remarks>
public static class CanonicalUrl
{
    public const int MaxCharacters = 2048;

    private const string SchemeSeparator = "://";

    /// <summary>Printable ASCII that parsers disagree on or that RFC 3986 does not allow unescaped.</summary>
    private const string Unsafe = "\"<>\\^`{|}";

    /// <returns>Null when <paramref name="url"/> is canonical, otherwise what to change.</returns>
    public static string? Problem(string url)
    {
        if (url.Length == 0)
        {
            return "is required";
        }

        if (url.Length > MaxCharacters && PromptLength.Count(url) is var length && length > MaxCharacters)
        {
            return TextDescriptions.TooLong(MaxCharacters, length);
        }

        if (IsSpaceOrControl(url[0]) || IsSpaceOrControl(url[^1]))
        {
            return "must not start or end with whitespace or control characters; remove them";
        }

        var separator = url.IndexOf(SchemeSeparator, StringComparison.Ordinal);
        var scheme = separator < 0 ? "" : url[..separator];
        if (scheme is not ("http" or "https"))
        {
            return scheme.Equals("http", StringComparison.OrdinalIgnoreCase) || scheme.Equals("https", StringComparison.OrdinalIgnoreCase)
                ? $"write the scheme in lower case ({scheme.ToLowerInvariant()}://)"
                : $"must be an absolute http or https URL (got {TextDescriptions.Quote(url)})";
        }

        var rest = url.AsSpan(separator + SchemeSeparator.Length);
        if (CharacterProblem(rest, separator + SchemeSeparator.Length) is { } characterProblem)
        {
            return characterProblem;
        }

        var authorityEnd = rest.IndexOfAny("/?#");
        var authority = authorityEnd < 0 ? rest : rest[..authorityEnd];
        var path = authorityEnd < 0 ? [] : rest[authorityEnd..];
        if (authority.IsEmpty)
        {
            return $"must be an absolute http or https URL (got {TextDescriptions.Quote(url)})";
        }

        if (authority.Contains('@'))
        {
            return "must not carry a user name or password (user:password@); give the URL without them";
        }

        return AuthorityProblem(authority.ToString()) ?? PathProblem(path, $"{scheme}://{authority}");
    }

    private static bool IsSpaceOrControl(char c) => c <= ' ' || char.IsControl(c) || char.IsWhiteSpace(c);

    private static string? CharacterProblem(ReadOnlySpan<char> text, int offset)
    {
        for (var index = 0; index < text.Length; index++)
        {
            var c = text[index];
            var position = offset + index;
            if (c > '~')
            {
                var rune = Rune.DecodeFromUtf16(text[index..], out var value, out _) == System.Buffers.OperationStatus.Done ? value : Rune.ReplacementChar;
                return $"contains the non-ASCII character U+{rune.Value:X4} at index {position}; write the host in ASCII (xn-- punycode for an international name) and percent-encode other characters as UTF-8 (e.g. %C3%A9)";
            }

            if (c <= ' ')
            {
                return $"contains {Name(c)} at index {position}; remove it (a space in a path is written %20)";
            }

            if (Unsafe.Contains(c, StringComparison.Ordinal))
            {
                return $"contains \"{c}\" at index {position}, which URL parsers read differently; percent-encode it (%{(int)c:X2})";
            }
        }

        return null;
    }

    private static string Name(char c) => c switch
    {
        ' ' => "a space",
        '\t' => "a tab (U+0009)",
        '\n' => "a line feed (U+000A)",
        '\r' => "a carriage return (U+000D)",
        _ => $"the control character U+{(int)c:X4}",
    };

    private static string? AuthorityProblem(string authority)
    {
        var hostEnd = authority.StartsWith('[') ? authority.IndexOf(']', StringComparison.Ordinal) + 1 : authority.LastIndexOf(':') is var colon and >= 0 ? colon : authority.Length;
        if (hostEnd <= 0)
        {
            return $"host {TextDescriptions.Shorten(authority)} has no closing \"]\"; write an IPv6 address in brackets, e.g. [2001:db8::1]";
        }

        var host = authority[..hostEnd];
        var port = authority[hostEnd..];
        return CanonicalHost.Problem(host) ?? PortProblem(port);
    }

    private static string? PortProblem(string port)
    {
        if (port.Length == 0)
        {
            return null;
        }

        var digits = port[1..];
        var valid = port[0] == ':' && digits.Length is > 0 and <= 5 && digits[0] != '0' && digits.All(char.IsAsciiDigit)
            && int.Parse(digits, NumberStyles.None, CultureInfo.InvariantCulture) <= 65535;
        return valid ? null : $"port must be a number from 1 to 65535 without leading zeros (got {TextDescriptions.Quote(port.TrimStart(':'))})";
    }

    private static string? PathProblem(ReadOnlySpan<char> path, string origin)
    {
        if (path.IsEmpty || path[0] != '/')
        {
            return $"needs a path after the host, starting with \"/\" (e.g. {TextDescriptions.Shorten(origin)}/image.png)";
        }

        if (path.ContainsAny('[', ']'))
        {
            return "must not contain \"[\" or \"]\" after the host; percent-encode them (%5B, %5D)";
        }

        if (path.Count('#') > 1)
        {
            return "must not contain more than one \"#\"; percent-encode the others (%23)";
        }

        for (var index = path.IndexOf('%'); index >= 0; index = path[(index + 1)..].IndexOf('%') is var next and >= 0 ? index + 1 + next : -1)
        {
            if (index + 2 >= path.Length || !char.IsAsciiHexDigit(path[index + 1]) || !char.IsAsciiHexDigit(path[index + 2]))
            {
                return "uses \"%\" that is not followed by two hex digits; write a literal % as %25";
            }
        }

        var pathOnly = path.IndexOfAny('?', '#') is var end and >= 0 ? path[..end] : path;
        foreach (var range in pathOnly.Split('/'))
        {
            if (IsDotSegment(pathOnly[range]))
            {
                return "must not contain \".\" or \"..\" path segments, which fetchers resolve differently; give the file's own path";
            }
        }

        return null;
    }

    private static bool IsDotSegment(ReadOnlySpan<char> segment)
    {
        var decoded = segment.ToString().Replace("%2e", ".", StringComparison.OrdinalIgnoreCase);
        return decoded is "." or "..";
    }
}
