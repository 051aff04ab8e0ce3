using ImageGrid.Rivya.Simulator.Contract;
using ImageGrid.Rivya.Simulator.Control;
using ImageGrid.Rivya.Simulator.Faults;
using ImageGrid.Rivya.Simulator.Http;

namespace ImageGrid.Rivya.Simulator.Files;

/// <summary><c>POST /api/v1/files</c> (upload) and <c>GET /files/{id}/{name}</c> (download, no auth).</summary>
internal static class FileEndpoints
{
    public static void MapUpload(RouteGroupBuilder api) =>
        api.MapPost("/files", UploadAsync)
            .AddEndpointFilter(new RequestCountingFilter(RivyaEndpoint.Files))
            .AddEndpointFilter(new FaultInjectionFilter(RivyaEndpoint.Files, _ => FaultTarget.None));

    public static void MapDownload(IEndpointRouteBuilder app) => app.MapGet("/files/{id}/{name}", Download);

    private static async Task<IResult> UploadAsync(HttpRequest request, FileStore files, PublicBaseUrl baseUrl, CancellationToken cancellationToken)
    {
        var upload = await MultipartUploadReader.ReadAsync(request, RivyaContract.MaxImageFileBytes, cancellationToken);
        if (upload is null)
        {
            return ApiErrorResult.ValidationFailed("body", "The body must be multipart/form-data with the fields file and kind.");
        }

        var errors = FileUploadValidator.Validate(upload);
        if (errors.Count > 0 || upload.File is not { DeclaredMimeType: { } mimeType } part)
        {
            return ApiErrorResult.ValidationFailed(errors);
        }

        var stored = files.Add(UploadFileName.From(part.FileName, mimeType), mimeType, part.Content);
        return Results.Json(new FileBody(
            $"{baseUrl.For(request)}/files/{stored.Id}/{stored.Name}",
            RivyaContract.ImageKind,
            stored.Name,
            stored.MimeType,
            stored.Content.Length));
    }

    private static IResult Download(string id, string name, FileStore files) =>
        files.TryGet(id, out var file) && file.Name == name
            ? Results.Bytes(file.Content, file.MimeType)
            : ApiErrorResult.NotFound("file");
}
