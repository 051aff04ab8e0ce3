using System.Text.Json.Nodes;

namespace ImageGrid.Rivya.Simulator.Tests.Infrastructure;

/// <summary>Create-task bodies, starting from the contract's examples (docs/rivya-contract.md).</summary>
public static class TaskRequests
{
    public const string SeedPrompt = "A clean editorial product image on a soft studio background";

    /// <summary>The seed's "Minimal request", with a prompt of choice.</summary>
    public static JsonObject Minimal(string prompt = SeedPrompt, string aspectRatio = "1:1", string resolution = "1K", string? clientRequestId = null)
    {
        var body = new JsonObject
        {
            ["model"] = "gpt-image-2",
            ["prompt"] = prompt,
            ["params"] = new JsonObject { ["aspect_ratio"] = aspectRatio, ["resolution"] = resolution },
        };
        if (clientRequestId is not null)
        {
            body["client_request_id"] = clientRequestId;
        }

        return body;
    }

    /// <summary>The seed's reference item.</summary>
    public static JsonObject Reference(string kind = "image", string mimeType = "image/png", string url = "https://cdn.example.com/reference-image.png") =>
        new() { ["url"] = url, ["kind"] = kind, ["name"] = "reference-image.png", ["mimeType"] = mimeType };

    public static JsonObject WithReferences(int count, string prompt = SeedPrompt)
    {
        var body = Minimal(prompt);
        body["params"]!["referenceMediaItems"] = new JsonArray([.. Enumerable.Range(0, count).Select(_ => (JsonNode)Reference())]);
        return body;
    }

    public static string UniquePrompt(string purpose) => $"{purpose} {Guid.NewGuid():N}";
}
