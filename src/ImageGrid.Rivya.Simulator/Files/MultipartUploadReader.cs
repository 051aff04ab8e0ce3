using System.Text;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace ImageGrid.Rivya.Simulator.Files;

/// <summary>
/// Reads a multipart/form-data upload section by section, holding at most the size limit of the file: unlike form binding,
/// nothing is spooled to disk and an oversized file is cut off as soon as it passes the limit.
/// </summary>
internal static class MultipartUploadReader
{
    private const int MaxKindLength = 64;

    /// <summary>The upload's fields, or null when the body is not multipart/form-data.</summary>
    public static async Task<FileUpload?> ReadAsync(HttpRequest request, long maxFileBytes, CancellationToken cancellationToken)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var contentType)
            || !contentType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
            || HeaderUtilities.RemoveQuotes(contentType.Boundary).Value is not { Length: > 0 } boundary)
        {
            return null;
        }

        var reader = new MultipartReader(boundary, request.Body);
        string? kind = null;
        UploadedPart? file = null;
        try
        {
            while (await reader.ReadNextSectionAsync(cancellationToken) is { } section)
            {
                if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition)
                    || !disposition.DispositionType.Equals("form-data", StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                switch (HeaderUtilities.RemoveQuotes(disposition.Name).Value)
                {
                    case "kind":
                        kind = await ReadTextAsync(section.Body, cancellationToken);
                        break;
                    case "file":
                        file = await ReadFileAsync(section, disposition, maxFileBytes, cancellationToken);
                        if (file.ExceedsLimit)
                        {
                            // Stop here: the rest of an oversized body is not worth reading.
                            return new FileUpload(kind, file);
                        }

                        break;
                    default:
                        break;
                }
            }
        }
        catch (IOException)
        {
            return null;
        }

        return new FileUpload(kind, file);
    }

    private static async Task<string> ReadTextAsync(Stream body, CancellationToken cancellationToken)
    {
        var buffer = new byte[MaxKindLength + 1];
        var length = await body.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken);
        return Encoding.UTF8.GetString(buffer, 0, length);
    }

    private static async Task<UploadedPart> ReadFileAsync(
        MultipartSection section,
        ContentDispositionHeaderValue disposition,
        long maxFileBytes,
        CancellationToken cancellationToken)
    {
        using var content = new MemoryStream();
        var buffer = new byte[81_920];
        var exceedsLimit = false;
        int read;
        while ((read = await section.Body.ReadAsync(buffer, cancellationToken)) > 0)
        {
            if (content.Length + read > maxFileBytes)
            {
                exceedsLimit = true;
                break;
            }

            content.Write(buffer, 0, read);
        }

        var fileName = HeaderUtilities.RemoveQuotes(
            disposition.FileNameStar.HasValue ? disposition.FileNameStar : disposition.FileName).Value;
        var declaredType = MediaTypeHeaderValue.TryParse(section.ContentType, out var mediaType) ? mediaType.MediaType.Value : null;
        return new UploadedPart(fileName, declaredType, content.ToArray(), exceedsLimit);
    }
}
