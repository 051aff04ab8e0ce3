using Google.Protobuf;
using Google.Rpc;
using Grpc.Core;
using ImageGrid.Contracts.V1;

namespace ImageGrid.Server.Tests.Infrastructure;

/// <summary>UploadReference over the real channel: metadata, then the bytes in chunks.</summary>
public static class Uploading
{
    public const int ChunkSize = 64 * 1024;

    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    public static UploadMetadata Metadata(string fileName, string mimeType, long totalSize = 0) =>
        new() { FileName = fileName, MimeType = mimeType, Kind = "image", TotalSize = totalSize };

    /// <summary>Sends the metadata and the content, completes the request stream and returns the answer.</summary>
    public static Task<ReferenceFile> UploadAsync(this Contracts.V1.ImageGrid.ImageGridClient client, UploadMetadata metadata, byte[] content) =>
        client.SendAsync([new UploadReferenceRequest { Metadata = metadata }, .. Chunks(content)], complete: true);

    /// <summary>
    /// Writes the messages in order, then (when <paramref name="complete"/>) ends the request stream, and returns the
    /// answer. Without completing, an answer proves the server decided without waiting for the end of the stream. A
    /// write refused because the server has already answered ends the writing; the answer tells why.
    /// </summary>
    public static async Task<ReferenceFile> SendAsync(
        this Contracts.V1.ImageGrid.ImageGridClient client, IEnumerable<UploadReferenceRequest> messages, bool complete)
    {
        using var call = client.UploadReference(deadline: DateTime.UtcNow + Timeout);
        try
        {
            foreach (var message in messages)
            {
                await call.RequestStream.WriteAsync(message);
            }

            if (complete)
            {
                await call.RequestStream.CompleteAsync();
            }
        }
        catch (Exception exception) when (exception is RpcException or InvalidOperationException)
        {
            // The server answered while we were still writing: its answer is awaited below.
        }

        return await call.ResponseAsync;
    }

    public static IEnumerable<UploadReferenceRequest> Chunks(byte[] content, int chunkSize = ChunkSize)
    {
        for (var offset = 0; offset < content.Length; offset += chunkSize)
        {
            yield return new UploadReferenceRequest { Chunk = ByteString.CopyFrom(content, offset, Math.Min(chunkSize, content.Length - offset)) };
        }
    }

    /// <summary>The fields the BadRequest detail names, in order.</summary>
    public static IReadOnlyList<string> Fields(this RpcException error) =>
        [.. error.GetRpcStatus()?.GetDetail<BadRequest>()?.FieldViolations.Select(v => v.Field) ?? []];

    public static string Description(this RpcException error, string field) =>
        error.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations.Single(v => v.Field == field).Description;
}
