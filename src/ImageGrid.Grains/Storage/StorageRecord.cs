using Orleans.Storage;

namespace ImageGrid.Grains.Storage;

/// <summary>
/// One record in a grain storage provider that is not a grain's own <c>[PersistentState]</c>: it is named by a
/// <see cref="GrainId"/> of its own, so a grain can keep a growing sequence of bounded records (ledger or index
/// segments) and write only the one that changed. ETags are checked like the grain's own state.
/// </summary>
public sealed class StorageRecord<T>(IGrainStorage storage, string stateName, GrainId id)
    where T : new()
{
    private readonly GrainState<T> _state = new(new T());

    public GrainId Id => id;

    /// <summary>The record's content; a new <typeparamref name="T"/> when storage held none.</summary>
    public T State => _state.State ??= new T();

    /// <summary>Whether storage held this record at the last read or write.</summary>
    public bool RecordExists => _state.RecordExists;

    /// <summary>The record's id: <paramref name="owner"/> and a sequence number, under <paramref name="type"/>.</summary>
    public static GrainId IdFor(string type, string owner, int number) =>
        GrainId.Create(type, $"{owner}.{number:D6}");

    public Task ReadAsync() => storage.ReadStateAsync(stateName, id, _state);

    public Task WriteAsync() => storage.WriteStateAsync(stateName, id, _state);
}
