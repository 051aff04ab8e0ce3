using System.Globalization;

namespace ImageGrid.Catalog;

internal static class ClientRequestIdValidation
{
    public const int MaxCharacters = 128;

    public static void Check(string clientRequestId, List<FieldViolation> violations)
    {
        var length = PromptLength.Count(clientRequestId);
        if (length > MaxCharacters)
        {
            violations.Add(new FieldViolation(FieldPaths.ClientRequestId, TextDescriptions.TooLong(MaxCharacters, length)));
        }

        foreach (var character in clientRequestId)
        {
            if (char.IsControl(character))
            {
                var codePoint = ((int)character).ToString("X4", CultureInfo.InvariantCulture);
                violations.Add(new FieldViolation(FieldPaths.ClientRequestId, $"must not contain control characters (found U+{codePoint})"));
                return;
            }
        }
    }
}
