using ImageGrid.Rivya;

namespace ImageGrid.Grains.Tests.Tasks;

/// <summary>The real Rivya client, made to throw an exception no code expects (a bug) on the next polls on request.</summary>
public sealed class FaultyRivyaClient(IRivyaClient inner) : IRivyaClient
{
    private int _pollsToBreak;
    private int _broken;

    public int BrokenPolls => Volatile.Read(ref _broken);

    public void BreakNextPolls(int count) => Volatile.Write(ref _pollsToBreak, count);

    public Task<RivyaTask> CreateTaskAsync(RivyaCreateTaskRequest request, CancellationToken cancellationToken) =>
        inner.CreateTaskAsync(request, cancellationToken);

    public Task<RivyaTask> GetTaskAsync(string taskId, CancellationToken cancellationToken) =>
        GetTaskAsync(taskId, DateTimeOffset.MaxValue, cancellationToken);

    public Task<RivyaTask> GetTaskAsync(string taskId, DateTimeOffset expectedBy, CancellationToken cancellationToken)
    {
        if (Interlocked.Decrement(ref _pollsToBreak) >= 0)
        {
            Interlocked.Increment(ref _broken);
            throw new InvalidOperationException("A bug in the poll path (test fault).");
        }

        return inner.GetTaskAsync(taskId, expectedBy, cancellationToken);
    }

    public Task<RivyaFile> UploadFileAsync(Stream content, string fileName, string mimeType, string kind, CancellationToken cancellationToken) =>
        inner.UploadFileAsync(content, fileName, mimeType, kind, cancellationToken);
}
