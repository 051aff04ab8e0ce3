using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;

namespace ImageGrid.Rivya.Simulator.Files;

/// <summary>Uploaded files, in memory, by id.</summary>
internal sealed class FileStore
{
    private readonly ConcurrentDictionary<string, StoredFile> files = new(StringComparer.Ordinal);

    public StoredFile Add(string name, string mimeType, byte[] content)
    {
        var file = new StoredFile($"file_{Guid.NewGuid():N}", name, mimeType, content);
        files[file.Id] = file;
        return file;
    }

    public bool TryGet(string id, [NotNullWhen(true)] out StoredFile? file) => files.TryGetValue(id, out file);
}
