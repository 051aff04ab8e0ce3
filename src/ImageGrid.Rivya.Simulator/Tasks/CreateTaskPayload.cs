using System.Text.Json;

namespace ImageGrid.Rivya.Simulator.Tasks;

/// <summary>
/// The raw JSON of a create request, read before validation so that faults can match on the prompt.
/// <paramref name="Body"/> is <see cref="JsonValueKind.Undefined"/> when the request was not JSON.
/// </summary>
internal sealed record CreateTaskPayload(JsonElement Body)
{
    /// <summary>The prompt when the body has a string one; used only to match faults and scripts.</summary>
    public string? Prompt =>
        Body.ValueKind == JsonValueKind.Object
        && Body.TryGetProperty("prompt", out var prompt)
        && prompt.ValueKind == JsonValueKind.String
            ? prompt.GetString()
            : null;

    /// <summary>Minimal API binding: never fails, so a malformed body reaches validation and gets Rivya's error shape.</summary>
    public static async ValueTask<CreateTaskPayload?> BindAsync(HttpContext context)
    {
        try
        {
            using var document = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
            return new CreateTaskPayload(document.RootElement.Clone());
        }
        catch (JsonException)
        {
            return new CreateTaskPayload(default(JsonElement));
        }
    }
}
