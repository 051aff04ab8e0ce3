using System.Text;

namespace ImageGrid.Server.Tests.Infrastructure;

/// <summary>Text of Bengali letters (with their separate vowel signs) and emoji, measured in Unicode scalar values.</summary>
public static class MixedText
{
    private const string Pattern = "আমার সোনার বাংলা 👍 🎨 আমি তোমায় ভালোবাসি 🌅 ";

    /// <summary>Exactly <paramref name="scalarValues"/> Unicode scalar values; more UTF-16 code units, since every emoji takes two.</summary>
    public static string OfLength(int scalarValues)
    {
        var runes = Pattern.EnumerateRunes().ToArray();
        var text = new StringBuilder();
        for (var index = 0; index < scalarValues; index++)
        {
            text.Append(runes[index % runes.Length].ToString());
        }

        return text.ToString();
    }
}
