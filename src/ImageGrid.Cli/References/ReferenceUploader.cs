using Google.Protobuf;
using Grpc.Core;
using ImageGrid.Cli.Connection;
using ImageGrid.Contracts.V1;

namespace ImageGrid.Cli.References;

/// <summary>
/// Uploads a local file through UploadReference: one message with the metadata (name, declared type, size, the model
/// whose rules apply), then the bytes in 64 KB chunks, well under the service's 4 MB message limit.
/// </summary>
public sealed class ReferenceUploader(ServiceConnection connection)
{
    public const int ChunkSize = 64 * 1024;
    private const int SniffLength = 16;

    /// <summary>Checks that each file can be read and has an image type, before anything is sent.</summary>
    public static IReadOnlyList<ReferenceSource> Prepare(IEnumerable<FileInfo> files)
    {
        var sources = new List<ReferenceSource>();
        foreach (var file in files)
        {
            if (!file.Exists)
            {
                throw CliException.BadInput($"--ref {file.FullName}: no such file");
            }

            var head = new byte[SniffLength];
            int read;
            using (var stream = file.OpenRead())
            {
                read = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
            }

            var mimeType = ImageFileTypes.Detect(head.AsSpan(0, read), file.Name)
                ?? throw CliException.BadInput($"--ref {file.FullName}: not a PNG, JPEG or WebP image (by its content or its extension)");
            sources.Add(new ReferenceSource(file, mimeType));
        }

        return sources;
    }

    public async Task<ReferenceFile> UploadAsync(ReferenceSource source, string model, CancellationToken cancellationToken)
    {
        using var call = connection.Client.UploadReference(deadline: connection.CallDeadline(), cancellationToken: cancellationToken);
        try
        {
            await call.RequestStream.WriteAsync(new UploadReferenceRequest
            {
                Metadata = new UploadMetadata
                {
                    FileName = source.File.Name,
                    MimeType = source.MimeType,
                    TotalSize = source.File.Length,
                    Model = model,
                },
            }, cancellationToken);

            await using var content = source.File.OpenRead();
            var buffer = new byte[ChunkSize];
            int read;
            while ((read = await content.ReadAsync(buffer, cancellationToken)) > 0)
            {
                await call.RequestStream.WriteAsync(new UploadReferenceRequest { Chunk = ByteString.CopyFrom(buffer, 0, read) }, cancellationToken);
            }

            await call.RequestStream.CompleteAsync();
        }
        catch (Exception exception) when (exception is RpcException or InvalidOperationException)
        {
            // The server answered (a refusal) while we were still writing: its answer, awaited below, says why.
        }

        return await call.ResponseAsync;
    }
}

public sealed record ReferenceSource(FileInfo File, string MimeType);
