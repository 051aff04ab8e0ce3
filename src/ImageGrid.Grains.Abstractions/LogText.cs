using System.Globalization;
using System.Text;

namespace ImageGrid.Grains;

/// <summary>
/// Text a client sent (ids, parameter keys and values, reasons, status details quoting them), made safe for one log
/// line: control characters (newlines, NUL, ...), Unicode format characters (RTL and other direction marks, zero-width
/// characters), line and paragraph separators and lone surrogates are written as escapes, a backslash as two, and the
/// text is cut at <see cref="MaxLength"/> characters. A client cannot forge, split or reorder log lines through it.
/// </summary>
public static class LogText
{
    public const int MaxLength = 300;

    public static string Escape(string? value)
    {
        if (value is null)
        {
            return "";
        }

        if (!NeedsEscaping(value))
        {
            return value;
        }

        var text = new StringBuilder(Math.Min(value.Length, MaxLength) + 16);
        var length = Math.Min(value.Length, MaxLength);
        for (var i = 0; i < length; i++)
        {
            var c = value[i];
            switch (c)
            {
                case '\\':
                    text.Append(@"\\");
                    break;
                case '\n':
                    text.Append(@"\n");
                    break;
                case '\r':
                    text.Append(@"\r");
                    break;
                case '\t':
                    text.Append(@"\t");
                    break;
                default:
                    if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
                    {
                        text.Append(c).Append(value[++i]);
                    }
                    else if (IsUnsafe(c))
                    {
                        text.Append(@"\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        text.Append(c);
                    }

                    break;
            }
        }

        if (value.Length > length)
        {
            text.Append(CultureInfo.InvariantCulture, $"...({value.Length - length} more characters)");
        }

        return text.ToString();
    }

    private static bool NeedsEscaping(string value)
    {
        if (value.Length > MaxLength)
        {
            return true;
        }

        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
            }
            else if (c == '\\' || IsUnsafe(c))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsUnsafe(char c) => char.GetUnicodeCategory(c) is
        UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.LineSeparator
        or UnicodeCategory.ParagraphSeparator or UnicodeCategory.Surrogate or UnicodeCategory.OtherNotAssigned;
}
