using Grpc.Core;
using ImageGrid.Catalog;
using ImageGrid.Contracts.V1;
using ImageGrid.Grains.References;
using ImageGrid.Rivya;
using ImageGrid.Server.Grpc;

namespace ImageGrid.Server.References;

/// <summary>
/// UploadReference: reads the metadata, then the chunks into a buffer bounded by the kind's size limit (refusing the
/// upload the moment it passes the limit), checks the content, forwards the file to Rivya's Files API and keeps what
/// Rivya returned for the caller's account in a <see cref="IReferenceFileGrain"/>; its URL is granted to the account
/// (<see cref="IReferenceUrlGrain"/>) so that it may also be referenced by url.
/// </summary>
public sealed partial class ReferenceUploads(
    IGrainFactory grains,
    IRivyaClient rivya,
    ModelCatalog catalog,
    ImageDecoding decoding,
    TimeProvider time,
    ILogger<ReferenceUploads> logger)
{
    public async Task<ReferenceFile> UploadAsync(string accountId, IAsyncStreamReader<UploadReferenceRequest> requests, CancellationToken cancellationToken)
    {
        var target = await ReadMetadataAsync(requests, cancellationToken);
        using var buffer = new UploadBuffer(target.MaxBytes, target.DeclaredSize);
        await ReadChunksAsync(requests, target, buffer, cancellationToken);

        var problem = UploadValidation.CheckContent(buffer.Content, target);
        if (problem is null && await decoding.ProblemAsync(buffer, target.MimeType, cancellationToken) is { } decodeProblem)
        {
            problem = new FieldViolation(UploadFields.Chunk, $"the content {decodeProblem}");
        }

        if (problem is not null)
        {
            throw RpcErrors.InvalidArgument([problem]);
        }

        var uploaded = await ForwardAsync(buffer, target, cancellationToken);
        var id = ReferenceFileIds.New();
        var file = new ReferenceFileInfo
        {
            AccountId = accountId,
            Url = uploaded.Url,
            Name = uploaded.Name,
            MimeType = uploaded.MimeType,
            Kind = uploaded.Kind,
            Size = uploaded.Size,
            DurationToken = uploaded.DurationToken,
            CreatedAt = time.GetUtcNow(),
        };
        await grains.GetGrain<IReferenceUrlGrain>(ReferenceUrlKey.For(accountId, file.Url)).GrantAsync(new ReferenceUrlGrant { Url = file.Url, Source = id });
        await grains.GetGrain<IReferenceFileGrain>(id).SaveAsync(file);
        return ReferenceFileMapper.ToProto(id, file);
    }

    /// <summary>The first message must carry valid metadata; nothing after it is read otherwise.</summary>
    private async Task<UploadTarget> ReadMetadataAsync(IAsyncStreamReader<UploadReferenceRequest> requests, CancellationToken cancellationToken)
    {
        if (!await requests.MoveNext(cancellationToken))
        {
            throw RpcErrors.InvalidArgument([new FieldViolation(UploadFields.Metadata, "is required in the first message; the stream ended without any message")]);
        }

        if (requests.Current.PartCase != UploadReferenceRequest.PartOneofCase.Metadata)
        {
            throw RpcErrors.InvalidArgument([new FieldViolation(
                UploadFields.Metadata,
                "must come first: the first message must carry metadata (file_name, mime_type, kind, total_size), then the chunks follow")]);
        }

        var violations = new List<FieldViolation>();
        return UploadValidation.CheckMetadata(requests.Current.Metadata, catalog, violations)
            ?? throw RpcErrors.InvalidArgument(violations);
    }

    private static async Task ReadChunksAsync(
        IAsyncStreamReader<UploadReferenceRequest> requests, UploadTarget target, UploadBuffer buffer, CancellationToken cancellationToken)
    {
        var index = 0;
        while (await requests.MoveNext(cancellationToken))
        {
            index++;
            var request = requests.Current;
            if (request.PartCase != UploadReferenceRequest.PartOneofCase.Chunk)
            {
                throw RpcErrors.InvalidArgument([request.PartCase == UploadReferenceRequest.PartOneofCase.Metadata
                    ? new FieldViolation(UploadFields.Metadata, $"must be sent once, in the first message; message {index} carried it again")
                    : new FieldViolation(UploadFields.Chunk, $"message {index} carries neither metadata nor a chunk")]);
            }

            var chunk = request.Chunk.Span;
            if (target.DeclaredSize > 0 && buffer.Length + chunk.Length > target.DeclaredSize)
            {
                throw RpcErrors.InvalidArgument([UploadValidation.LongerThanDeclared(target, buffer.Length)]);
            }

            if (!buffer.TryAppend(chunk))
            {
                // Stop reading: the rest of an oversized upload is never buffered.
                throw RpcErrors.InvalidArgument([UploadValidation.TooLarge(target, buffer.Length)]);
            }
        }
    }

    private async Task<RivyaFile> ForwardAsync(UploadBuffer buffer, UploadTarget target, CancellationToken cancellationToken)
    {
        try
        {
            using var content = buffer.OpenRead();
            return await rivya.UploadFileAsync(content, target.FileName, target.MimeType, target.Kind, cancellationToken);
        }
        catch (RivyaApiException exception)
        {
            LogRivyaRefused(exception.Code, exception.HttpStatus, exception.IsTransient);
            throw UploadErrors.FromRivya(exception);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rivya's Files API did not take an upload: {Code} (HTTP {HttpStatus}, transient: {IsTransient})")]
    private partial void LogRivyaRefused(string code, int? httpStatus, bool isTransient);
}
