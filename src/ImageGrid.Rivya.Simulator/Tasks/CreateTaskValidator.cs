using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using ImageGrid.Rivya.Simulator.Contract;

namespace ImageGrid.Rivya.Simulator.Tasks;

/// <summary>Checks a create body against the gpt-image-2 request contract and reports every offending field.</summary>
internal static class CreateTaskValidator
{
    private const string ReferencesPath = $"params.{RivyaContract.ReferenceMediaItemsParam}";

    public static bool TryValidate(
        JsonElement root,
        [NotNullWhen(true)] out ValidatedTaskRequest? request,
        out IReadOnlyList<ErrorDetail> errors)
    {
        request = null;
        if (root.ValueKind != JsonValueKind.Object)
        {
            errors = [new ErrorDetail("body", "The request body must be a JSON object.")];
            return false;
        }

        var found = new List<ErrorDetail>();
        errors = found;
        ValidateModel(root, found);
        var prompt = ValidatePrompt(root, found);
        var (aspectRatio, resolution, referenceUrls) = ValidateParams(root, found);
        var clientRequestId = ValidateClientRequestId(root, found);
        if (found.Count > 0 || prompt is null)
        {
            return false;
        }

        request = new ValidatedTaskRequest(prompt, aspectRatio, resolution, referenceUrls, clientRequestId);
        return true;
    }

    private static void ValidateModel(JsonElement root, List<ErrorDetail> errors)
    {
        if (StringOrNull(root, "model") != RivyaContract.ModelId)
        {
            errors.Add(new ErrorDetail("model", $"model must be \"{RivyaContract.ModelId}\"."));
        }
    }

    private static string? ValidatePrompt(JsonElement root, List<ErrorDetail> errors)
    {
        var prompt = StringOrNull(root, "prompt");
        if (prompt is null)
        {
            errors.Add(new ErrorDetail("prompt", "prompt is required and must be a string."));
            return null;
        }

        if (prompt.Length == 0)
        {
            errors.Add(new ErrorDetail("prompt", "prompt must not be empty."));
            return null;
        }

        // A string never has more runes than UTF-16 units, so only long strings need counting.
        var runes = prompt.Length <= RivyaContract.MaxPromptCharacters ? prompt.Length : prompt.EnumerateRunes().Count();
        if (runes > RivyaContract.MaxPromptCharacters)
        {
            errors.Add(new ErrorDetail(
                "prompt",
                $"prompt must be at most {RivyaContract.MaxPromptCharacters} characters; it has {runes}."));
            return null;
        }

        return prompt;
    }

    private static (string AspectRatio, string Resolution, IReadOnlyList<string> ReferenceUrls) ValidateParams(JsonElement root, List<ErrorDetail> errors)
    {
        var aspectRatio = RivyaContract.DefaultAspectRatio;
        var resolution = RivyaContract.DefaultResolution;
        IReadOnlyList<string> referenceUrls = [];
        if (!root.TryGetProperty("params", out var parameters) || parameters.ValueKind == JsonValueKind.Null)
        {
            return (aspectRatio, resolution, referenceUrls);
        }

        if (parameters.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new ErrorDetail("params", "params must be an object."));
            return (aspectRatio, resolution, referenceUrls);
        }

        foreach (var parameter in parameters.EnumerateObject())
        {
            switch (parameter.Name)
            {
                case RivyaContract.AspectRatioParam:
                    aspectRatio = ValidateSelect(parameter, RivyaContract.AspectRatios, errors) ?? aspectRatio;
                    break;
                case RivyaContract.ResolutionParam:
                    resolution = ValidateSelect(parameter, RivyaContract.Resolutions, errors) ?? resolution;
                    break;
                case RivyaContract.ReferenceMediaItemsParam:
                    referenceUrls = ValidateReferences(parameter.Value, errors);
                    break;
                default:
                    errors.Add(new ErrorDetail(
                        $"params.{parameter.Name}",
                        $"Unknown parameter; allowed: {string.Join(", ", RivyaContract.ParamKeys)}."));
                    break;
            }
        }

        return (aspectRatio, resolution, referenceUrls);
    }

    private static string? ValidateSelect(JsonProperty parameter, IReadOnlyList<string> options, List<ErrorDetail> errors)
    {
        if (parameter.Value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (parameter.Value.ValueKind == JsonValueKind.String && parameter.Value.GetString() is { } value && options.Contains(value))
        {
            return value;
        }

        errors.Add(new ErrorDetail($"params.{parameter.Name}", $"{parameter.Name} must be one of {string.Join(", ", options)}."));
        return null;
    }

    /// <returns>The items' URLs exactly as they arrived.</returns>
    private static IReadOnlyList<string> ValidateReferences(JsonElement references, List<ErrorDetail> errors)
    {
        if (references.ValueKind == JsonValueKind.Null)
        {
            return [];
        }

        if (references.ValueKind != JsonValueKind.Array)
        {
            errors.Add(new ErrorDetail(ReferencesPath, $"{RivyaContract.ReferenceMediaItemsParam} must be an array."));
            return [];
        }

        var count = references.GetArrayLength();
        if (count > RivyaContract.MaxReferenceImages)
        {
            errors.Add(new ErrorDetail(
                ReferencesPath,
                $"At most {RivyaContract.MaxReferenceImages} image references are allowed; got {count}."));
        }

        var index = 0;
        var urls = new List<string>(count);
        foreach (var item in references.EnumerateArray())
        {
            ValidateReference(item, $"{ReferencesPath}[{index}]", errors);
            urls.Add(StringOrNull(item, "url") ?? "");
            index++;
        }

        return urls;
    }

    private static void ValidateReference(JsonElement item, string path, List<ErrorDetail> errors)
    {
        if (item.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new ErrorDetail(path, "A reference must be an object."));
            return;
        }

        if (!Uri.TryCreate(StringOrNull(item, "url"), UriKind.Absolute, out var url)
            || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            errors.Add(new ErrorDetail($"{path}.url", "url must be an absolute http(s) URL."));
        }

        if (StringOrNull(item, "kind") != RivyaContract.ImageKind)
        {
            errors.Add(new ErrorDetail($"{path}.kind", $"kind must be \"{RivyaContract.ImageKind}\" for {RivyaContract.ModelId}."));
        }

        if (string.IsNullOrEmpty(StringOrNull(item, "name")))
        {
            errors.Add(new ErrorDetail($"{path}.name", "name is required."));
        }

        if (StringOrNull(item, "mimeType") is not { } mimeType || !RivyaContract.ImageMimeTypes.Contains(mimeType))
        {
            errors.Add(new ErrorDetail(
                $"{path}.mimeType",
                $"mimeType must be one of {string.Join(", ", RivyaContract.ImageMimeTypes)}."));
        }

        if (item.TryGetProperty("durationToken", out var token) && token.ValueKind is not (JsonValueKind.String or JsonValueKind.Null))
        {
            errors.Add(new ErrorDetail($"{path}.durationToken", "durationToken must be a string."));
        }
    }

    private static string? ValidateClientRequestId(JsonElement root, List<ErrorDetail> errors)
    {
        if (!root.TryGetProperty("client_request_id", out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } clientRequestId)
        {
            return clientRequestId;
        }

        errors.Add(new ErrorDetail("client_request_id", "client_request_id must be a non-empty string."));
        return null;
    }

    private static string? StringOrNull(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
