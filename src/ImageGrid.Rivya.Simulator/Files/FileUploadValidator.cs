using ImageGrid.Rivya.Simulator.Contract;

namespace ImageGrid.Rivya.Simulator.Files;

/// <summary>The Files API rules for kind <c>image</c>: 10 MB at most, JPEG/PNG/WebP, and the bytes must be what the part declares.</summary>
internal static class FileUploadValidator
{
    public static IReadOnlyList<ErrorDetail> Validate(FileUpload upload)
    {
        var errors = new List<ErrorDetail>();
        if (upload.Kind is null)
        {
            // An oversized file stops reading before a later kind field could be seen, so only its size is reported.
            if (upload.File is not { ExceedsLimit: true })
            {
                errors.Add(new ErrorDetail("kind", "kind is required."));
            }
        }
        else if (upload.Kind != RivyaContract.ImageKind)
        {
            errors.Add(new ErrorDetail("kind", $"kind must be \"{RivyaContract.ImageKind}\"."));
        }

        if (FileProblem(upload.File) is { } problem)
        {
            errors.Add(new ErrorDetail("file", problem));
        }

        return errors;
    }

    private static string? FileProblem(UploadedPart? file)
    {
        if (file is null)
        {
            return "file is required.";
        }

        if (file.ExceedsLimit)
        {
            return $"file is larger than the {RivyaContract.MaxImageFileBytes / (1024 * 1024)} MB limit for {RivyaContract.ImageKind}.";
        }

        if (file.Content.Length == 0)
        {
            return "file is empty.";
        }

        var allowed = string.Join(", ", RivyaContract.ImageMimeTypes);
        if (file.DeclaredMimeType is null || !RivyaContract.ImageMimeTypes.Contains(file.DeclaredMimeType))
        {
            return $"The file part's Content-Type must be one of {allowed}.";
        }

        var sniffed = ImageSniffer.Detect(file.Content);
        if (sniffed is null)
        {
            return $"The file content is not one of {allowed}.";
        }

        return sniffed == file.DeclaredMimeType ? null : $"The file content is {sniffed} but was declared as {file.DeclaredMimeType}.";
    }
}
