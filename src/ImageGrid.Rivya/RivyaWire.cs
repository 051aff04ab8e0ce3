using System.Text.Json;
using System.Text.Json.Serialization;

namespace ImageGrid.Rivya;

// Rivya's JSON, field by field (docs/rivya-contract.md: part A and B2, B4, B5). Top-level task fields are snake_case;
// the reference items and file fields are camelCase, as the contract's examples show them.

internal sealed record CreateTaskBody(
    [property: JsonPropertyName("model")] string Model,
    [property: JsonPropertyName("prompt")] string Prompt,
    [property: JsonPropertyName("params")] TaskParamsBody Params,
    [property: JsonPropertyName("client_request_id")] string? ClientRequestId)
{
    public static CreateTaskBody From(RivyaCreateTaskRequest request)
    {
        var parameters = new TaskParamsBody
        {
            ReferenceMediaItems = request.ReferenceMediaItems.Count == 0
                ? null
                : [.. request.ReferenceMediaItems.Select(item => new ReferenceMediaItemBody(item.Url, item.Kind, item.Name, item.MimeType, item.DurationToken))],
        };
        foreach (var (name, value) in request.Params)
        {
            parameters.Values[name] = JsonSerializer.SerializeToElement(value, RivyaJsonContext.Default.String);
        }

        return new CreateTaskBody(request.Model, request.Prompt, parameters, string.IsNullOrEmpty(request.ClientRequestId) ? null : request.ClientRequestId);
    }
}

/// <summary><c>params</c>: the model's select parameters side by side with <c>referenceMediaItems</c>.</summary>
internal sealed class TaskParamsBody
{
    [JsonExtensionData]
    public Dictionary<string, JsonElement> Values { get; } = [];

    [JsonPropertyName("referenceMediaItems")]
    public IReadOnlyList<ReferenceMediaItemBody>? ReferenceMediaItems { get; init; }
}

internal sealed record ReferenceMediaItemBody(
    [property: JsonPropertyName("url")] string Url,
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("mimeType")] string MimeType,
    [property: JsonPropertyName("durationToken")] string? DurationToken);

internal sealed record TaskBody(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("model")] string Model,
    [property: JsonPropertyName("reserved_credits")] int ReservedCredits,
    [property: JsonPropertyName("final_credits")] int FinalCredits,
    [property: JsonPropertyName("created_at")] DateTimeOffset CreatedAt,
    [property: JsonPropertyName("updated_at")] DateTimeOffset UpdatedAt,
    [property: JsonPropertyName("result")] TaskResultBody? Result = null,
    [property: JsonPropertyName("error")] TaskErrorBody? Error = null)
{
    public RivyaTask ToModel() => new(
        Id,
        Status,
        Model,
        ReservedCredits,
        FinalCredits,
        CreatedAt,
        UpdatedAt,
        Result is null ? null : new RivyaResult([.. Result.Images.Select(image => new RivyaImage(image.Url, image.Width, image.Height, image.MimeType))]),
        Error is null ? null : new RivyaError(Error.Code, Error.Message));
}

internal sealed record TaskResultBody([property: JsonPropertyName("images")] IReadOnlyList<ImageBody> Images);

internal sealed record ImageBody(
    [property: JsonPropertyName("url")] string Url,
    [property: JsonPropertyName("width")] int Width,
    [property: JsonPropertyName("height")] int Height,
    [property: JsonPropertyName("mimeType")] string MimeType);

internal sealed record TaskErrorBody(
    [property: JsonPropertyName("code")] string Code,
    [property: JsonPropertyName("message")] string Message);

internal sealed record FileBody(
    [property: JsonPropertyName("url")] string Url,
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("mimeType")] string MimeType,
    [property: JsonPropertyName("size")] long Size,
    [property: JsonPropertyName("durationToken")] string? DurationToken = null)
{
    public RivyaFile ToModel() => new(Url, Kind, Name, MimeType, Size, DurationToken);
}

/// <summary>An error answer, read leniently: every part may be missing.</summary>
internal sealed record ErrorEnvelope([property: JsonPropertyName("error")] ErrorBody? Error = null);

internal sealed record ErrorBody(
    [property: JsonPropertyName("code")] string? Code = null,
    [property: JsonPropertyName("message")] string? Message = null,
    [property: JsonPropertyName("details")] IReadOnlyList<ErrorDetailBody>? Details = null);

internal sealed record ErrorDetailBody(
    [property: JsonPropertyName("field")] string? Field = null,
    [property: JsonPropertyName("message")] string? Message = null);

// Missing or null required fields fail the read, so a malformed 2xx is caught here and not as a null later.
[JsonSourceGenerationOptions(
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true)]
[JsonSerializable(typeof(CreateTaskBody))]
[JsonSerializable(typeof(TaskBody))]
[JsonSerializable(typeof(FileBody))]
[JsonSerializable(typeof(ErrorEnvelope))]
[JsonSerializable(typeof(string))]
internal sealed partial class RivyaJsonContext : JsonSerializerContext;
