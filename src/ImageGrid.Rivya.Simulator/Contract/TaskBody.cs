using System.Text.Json.Serialization;

namespace ImageGrid.Rivya.Simulator.Contract;

/// <summary>A task as Rivya answers it (the contract's create response, with <c>result</c>/<c>error</c> per docs/rivya-contract.md, B4).</summary>
internal sealed record TaskBody(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("model")] string Model,
    [property: JsonPropertyName("reserved_credits")] int ReservedCredits,
    [property: JsonPropertyName("final_credits")] int FinalCredits,
    [property: JsonPropertyName("created_at"), JsonConverter(typeof(RivyaTimestampConverter))] DateTimeOffset CreatedAt,
    [property: JsonPropertyName("updated_at"), JsonConverter(typeof(RivyaTimestampConverter))] DateTimeOffset UpdatedAt,
    [property: JsonPropertyName("result")] TaskResultBody? Result,
    [property: JsonPropertyName("error")] TaskErrorBody? Error);

internal sealed record TaskResultBody([property: JsonPropertyName("images")] IReadOnlyList<ResultImageBody> Images);

internal sealed record ResultImageBody(
    [property: JsonPropertyName("url")] string Url,
    [property: JsonPropertyName("width")] int Width,
    [property: JsonPropertyName("height")] int Height,
    [property: JsonPropertyName("mimeType")] string MimeType);

internal sealed record TaskErrorBody(
    [property: JsonPropertyName("code")] string Code,
    [property: JsonPropertyName("message")] string Message);
