using System.Text.Json.Serialization;

namespace ImageGrid.Rivya.Simulator.Contract;

/// <summary>The Files API answer (docs/rivya-contract.md, B2); images carry no duration token, so it is left out.</summary>
internal sealed record FileBody(
    [property: JsonPropertyName("url")] string Url,
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("mimeType")] string MimeType,
    [property: JsonPropertyName("size")] long Size);
