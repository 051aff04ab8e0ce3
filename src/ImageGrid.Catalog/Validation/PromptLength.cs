namespace ImageGrid.Catalog;

/// <summary>The one place where ImageGrid decides how long a piece of text is.</summary>
public static class PromptLength
{
    /// <summary>
    /// Counts Unicode scalar values (runes), not UTF-16 code units: an emoji such as 👍 (a surrogate
    /// pair) counts 1, and each Bengali code point counts 1, so a vowel sign counts apart from its
    /// consonant. Every "characters" limit in ImageGrid (prompt, reference name, client request id)
    /// is measured this way. A lone surrogate, which valid UTF-8 from the wire cannot carry, counts 1.
    /// </summary>
    public static int Count(string text)
    {
        var count = 0;
        foreach (var _ in text.EnumerateRunes())
        {
            count++;
        }

        return count;
    }
}
