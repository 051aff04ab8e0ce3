namespace ImageGrid.Rivya;

/// <summary>Rivya Public API v1. Failures surface as <see cref="RivyaApiException"/>.</summary>
public interface IRivyaClient
{
    /// <summary>POST /api/v1/tasks. Safe to repeat: Rivya dedupes by <see cref="RivyaCreateTaskRequest.ClientRequestId"/>.</summary>
    Task<RivyaTask> CreateTaskAsync(RivyaCreateTaskRequest request, CancellationToken cancellationToken);

    /// <summary>GET /api/v1/tasks/{id}.</summary>
    Task<RivyaTask> GetTaskAsync(string taskId, CancellationToken cancellationToken);

    /// <summary>
    /// GET /api/v1/tasks/{id}, for a task expected to have changed by <paramref name="expectedBy"/>: while polls wait
    /// for the request budget, the one expected earliest goes first.
    /// </summary>
    Task<RivyaTask> GetTaskAsync(string taskId, DateTimeOffset expectedBy, CancellationToken cancellationToken) =>
        GetTaskAsync(taskId, cancellationToken);

    /// <summary>POST /api/v1/files (multipart: <c>file</c>, <c>kind</c>). The returned URL goes into a reference media item.</summary>
    Task<RivyaFile> UploadFileAsync(Stream content, string fileName, string mimeType, string kind, CancellationToken cancellationToken);
}
