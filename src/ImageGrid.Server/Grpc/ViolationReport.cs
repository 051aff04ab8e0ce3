using System.Text;
using Google.Rpc;
using ImageGrid.Catalog;

namespace ImageGrid.Server.Grpc;

/// <summary>
/// The message and google.rpc.BadRequest detail of an INVALID_ARGUMENT answer, kept small enough for every client to
/// read. Both travel in HTTP/2 trailers, and clients cap those: gRPC C-core (Python, C++, Ruby, PHP) and grpc-java
/// refuse metadata over 8 KB by default. So at most <see cref="MaxDetailBytes"/> of violations go into the detail and
/// at most <see cref="MaxMessageCharacters"/> into the message; an ordinary bad request fits whole, and a pathological
/// one (thousands of bad keys or references) says how many problems there were and lists the first ones.
/// </summary>
public static class ViolationReport
{
    public const int MaxDetailBytes = 3 * 1024;
    public const int MaxMessageCharacters = 400;
    private const int MaxFieldCharacters = 128;
    private const int MaxDescriptionCharacters = 400;
    private const string Prefix = "Invalid request: ";

    public static (string Message, BadRequest Detail) Build(IReadOnlyList<FieldViolation> violations)
    {
        var detail = new BadRequest();
        var detailBytes = 0;
        foreach (var violation in violations)
        {
            var field = Bounded(violation.Field, MaxFieldCharacters);
            var description = Bounded(violation.Description, MaxDescriptionCharacters);
            detailBytes += Encoding.UTF8.GetByteCount(field) + Encoding.UTF8.GetByteCount(description);
            if (detail.FieldViolations.Count > 0 && detailBytes > MaxDetailBytes)
            {
                break;
            }

            detail.FieldViolations.Add(new BadRequest.Types.FieldViolation { Field = field, Description = description });
        }

        var message = new StringBuilder(Prefix);
        var inMessage = 0;
        foreach (var entry in detail.FieldViolations)
        {
            var text = $"{entry.Field}: {entry.Description}";
            if (inMessage > 0 && message.Length + 2 + text.Length > MaxMessageCharacters)
            {
                break;
            }

            message.Append(inMessage > 0 ? "; " : "").Append(inMessage == 0 ? Bounded(text, MaxMessageCharacters - Prefix.Length) : text);
            inMessage++;
        }

        var listed = detail.FieldViolations.Count;
        if (listed < violations.Count)
        {
            message.Append($"; … {violations.Count} problems in all: the google.rpc.BadRequest detail lists the first {listed}; fix them and call again to see the rest");
        }
        else if (inMessage < listed)
        {
            message.Append($"; … {listed} problems in all, every one listed in the google.rpc.BadRequest detail");
        }

        return (message.ToString(), detail);
    }

    /// <summary>The text, or its first <paramref name="maxCharacters"/> Unicode scalar values and an ellipsis.</summary>
    private static string Bounded(string text, int maxCharacters)
    {
        if (PromptLength.Count(text) <= maxCharacters)
        {
            return text;
        }

        var bounded = new StringBuilder();
        foreach (var rune in text.EnumerateRunes().Take(maxCharacters - 1))
        {
            bounded.Append(rune.ToString());
        }

        return bounded.Append('…').ToString();
    }
}
