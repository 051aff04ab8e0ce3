using Grpc.Core;
using ImageGrid.Catalog;
using ImageGrid.Rivya;
using ImageGrid.Server.Grpc;

namespace ImageGrid.Server.References;

/// <summary>What the caller sees when Rivya's Files API does not take a file ImageGrid found valid.</summary>
public static class UploadErrors
{
    public static RpcException FromRivya(RivyaApiException exception)
    {
        if (exception.Code == RivyaErrorCodes.ValidationFailed)
        {
            IReadOnlyList<FieldViolation> violations = exception.Details.Count > 0
                ? [.. exception.Details.Select(detail => new FieldViolation(FieldFor(detail.Field), $"Rivya's Files API rejected the file: {detail.Message}"))]
                : [new FieldViolation(UploadFields.Chunk, $"Rivya's Files API rejected the file: {exception.Message}")];
            return RpcErrors.InvalidArgument(violations);
        }

        var (code, message) = exception switch
        {
            { IsTransient: true } => (StatusCode.Unavailable, "Rivya's Files API is unavailable right now; retry the upload."),
            { Code: RivyaErrorCodes.Unauthorized } => (StatusCode.Internal, "ImageGrid's credentials for Rivya were rejected; operators should check Rivya:ApiKey."),
            _ => (StatusCode.Internal, $"Rivya's Files API failed the upload ({exception.Code})."),
        };
        return new RpcException(new Status(code, message));
    }

    /// <summary>Rivya's multipart field names, as the fields of the upload stream that carried them.</summary>
    private static string FieldFor(string rivyaField) => rivyaField switch
    {
        "kind" => UploadFields.Kind,
        "file" => UploadFields.Chunk,
        _ => UploadFields.Metadata,
    };
}
