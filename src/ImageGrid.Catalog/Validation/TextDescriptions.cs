using System.Text;

namespace ImageGrid.Catalog;

/// <summary>Wording shared by the validation messages.</summary>
internal static class TextDescriptions
{
    /// <summary>The longest piece of caller text echoed back in a message, in Unicode scalar values.</summary>
    public const int MaxEchoedCharacters = 100;

    public static string OneOf(IEnumerable<string> allowed, string got) =>
        $"must be one of {string.Join(", ", allowed)} (got {Quote(got)})";

    public static string TooLong(int limit, int actual) =>
        $"must be at most {limit} characters (Unicode scalar values); got {actual}";

    /// <summary>The caller's text in double quotes; when long, its start in quotes followed by its length.</summary>
    public static string Quote(string text) =>
        Start(text, out var length) is { } start ? $"\"{start}…\" ({length} characters)" : $"\"{text}\"";

    /// <summary>The caller's text as it is; when long, its start followed by its length.</summary>
    public static string Shorten(string text) =>
        Start(text, out var length) is { } start ? $"{start}… ({length} characters)" : text;

    /// <summary>
    /// Null when the text is short enough to echo whole, otherwise its first <see cref="MaxEchoedCharacters"/> Unicode
    /// scalar values: an answer must stay small enough for every client to read, whatever the request carried.
    /// </summary>
    private static string? Start(string text, out int length)
    {
        length = PromptLength.Count(text);
        if (length <= MaxEchoedCharacters)
        {
            return null;
        }

        var start = new StringBuilder();
        foreach (var rune in text.EnumerateRunes().Take(MaxEchoedCharacters))
        {
            start.Append(rune.ToString());
        }

        return start.ToString();
    }
}
