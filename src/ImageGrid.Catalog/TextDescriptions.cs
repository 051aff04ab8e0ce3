namespace ImageGrid.Catalog;

/// <summary>Wording shared by the validation messages.</summary>
internal static class TextDescriptions
{
    public static string OneOf(IEnumerable<string> allowed, string got) =>
        $"must be one of {string.Join(", ", allowed)} (got \"{got}\")";

    public static string TooLong(int limit, int actual) =>
        $"must be at most {limit} characters (Unicode scalar values); got {actual}";
}
