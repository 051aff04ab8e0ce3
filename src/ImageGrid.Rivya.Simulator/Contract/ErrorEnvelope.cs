using System.Text.Json.Serialization;

namespace ImageGrid.Rivya.Simulator.Contract;

/// <summary>Every error answer: <c>{"error":{"code","message","details"?}}</c> (docs/rivya-contract.md, B5).</summary>
internal sealed record ErrorEnvelope([property: JsonPropertyName("error")] ErrorBody Error);

internal sealed record ErrorBody(
    [property: JsonPropertyName("code")] string Code,
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("details"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    IReadOnlyList<ErrorDetail>? Details);

/// <summary>One offending request field, named by its JSON path (e.g. <c>params.referenceMediaItems[2].kind</c>).</summary>
internal sealed record ErrorDetail(
    [property: JsonPropertyName("field")] string Field,
    [property: JsonPropertyName("message")] string Message);
