using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.Formats.Webp;
using SixLabors.ImageSharp.Memory;
using SixLabors.ImageSharp.PixelFormats;

namespace ImageGrid.Server.References;

/// <summary>
/// Proves an upload is an image by decoding it fully with ImageSharp (JPEG, PNG and WebP decoders only). The size in
/// the header is read first, so a small file that claims a huge image (a decompression bomb) is refused before any
/// pixel memory is taken; pixels are decoded to 8-bit grey (1 byte each) and at most one decode per core runs at once.
/// </summary>
public sealed partial class ImageDecoding(ILogger<ImageDecoding> logger) : IDisposable
{
    /// <summary>The largest image decoded: 8192 × 8192 pixels (Rivya's largest output is 4096 × 4096).</summary>
    public const long MaxPixels = 8192L * 8192;

    private const int AllocationLimitMegabytes = 512;

    private readonly Configuration _configuration = new(new JpegConfigurationModule(), new PngConfigurationModule(), new WebpConfigurationModule())
    {
        MemoryAllocator = MemoryAllocator.Create(new MemoryAllocatorOptions { AllocationLimitMegabytes = AllocationLimitMegabytes }),
    };

    private readonly SemaphoreSlim _decodes = new(Environment.ProcessorCount);

    /// <returns>Null when the content decodes as <paramref name="mimeType"/>, otherwise what is wrong with it.</returns>
    public async Task<string?> ProblemAsync(UploadBuffer content, string mimeType, CancellationToken cancellationToken)
    {
        await _decodes.WaitAsync(cancellationToken);
        try
        {
            return Problem(content, mimeType);
        }
        finally
        {
            _decodes.Release();
        }
    }

    public void Dispose() => _decodes.Dispose();

    private string? Problem(UploadBuffer content, string mimeType)
    {
        var format = ImageSniffer.FormatName(mimeType);
        try
        {
            using (var header = content.OpenRead())
            {
                var info = Image.Identify(_configuration, header, out var detected);
                if (info is null || detected?.DefaultMimeType != mimeType)
                {
                    return $"is not a decodable {format} image";
                }

                if ((long)info.Width * info.Height > MaxPixels)
                {
                    return $"is {info.Width} × {info.Height} pixels; ImageGrid decodes images of at most {MaxPixels} pixels (e.g. 8192 × 8192)";
                }
            }

            using var image = Image.Load<L8>(_configuration, content.Content);
            return null;
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // Whatever the decoder throws on these bytes (format, content, memory-limit or its own bugs) means they are
            // not an image ImageGrid can vouch for.
            LogUndecodable(format, exception.GetType().Name, exception.Message);
            return $"is not a decodable {format} image (its data is corrupt or uses features the decoder does not support)";
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Upload refused: not a decodable {Format} ({ExceptionType}: {Reason})")]
    private partial void LogUndecodable(string format, string exceptionType, string reason);
}
