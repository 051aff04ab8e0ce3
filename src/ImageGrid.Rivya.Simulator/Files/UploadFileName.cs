namespace ImageGrid.Rivya.Simulator.Files;

/// <summary>Makes an uploaded file's name safe to use as the last segment of its URL.</summary>
internal static class UploadFileName
{
    private const int MaxLength = 100;

    public static string From(string? uploadedName, string mimeType)
    {
        var name = Path.GetFileName(uploadedName ?? string.Empty);
        var safe = new string([.. name.Take(MaxLength).Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '_')]);
        return safe.Trim('.').Length > 0 ? safe : $"upload{DefaultExtension(mimeType)}";
    }

    private static string DefaultExtension(string mimeType) => mimeType switch
    {
        "image/jpeg" => ".jpg",
        "image/png" => ".png",
        "image/webp" => ".webp",
        _ => string.Empty,
    };
}
