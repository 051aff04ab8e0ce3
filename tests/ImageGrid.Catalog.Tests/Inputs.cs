namespace ImageGrid.Catalog.Tests;

/// <summary>Valid raw requests to start each test from; tests change only what they are about.</summary>
internal static class Inputs
{
    public static ImageRequestInput Minimal(string prompt = "A clean editorial product image") =>
        new(Model: "", Prompt: prompt, Parameters: new Dictionary<string, string>(), References: [], ClientRequestId: "");

    public static ImageRequestInput WithParameter(string key, string value) =>
        Minimal() with { Parameters = new Dictionary<string, string> { [key] = value } };

    public static ImageRequestInput WithReferences(params ReferenceInput[] references) =>
        Minimal() with { References = references };

    public static ReferenceInput Reference(int number = 0) =>
        new(Url: $"https://cdn.example.com/reference-{number}.png", Kind: "image", Name: $"reference-{number}.png", MimeType: "image/png");

    public static ReferenceInput[] References(int count) =>
        [.. Enumerable.Range(0, count).Select(Reference)];
}
