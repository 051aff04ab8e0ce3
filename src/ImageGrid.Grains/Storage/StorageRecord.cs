using Orleans.Storage;

namespace ImageGrid.Grains.Storage;

/// <summary>
/// One record in a grain storage provider that is not a grain's own <c>[PersistentState]</c>: it is named by a
/// <see cref="GrainId"/> of its own, so a grain can keep a growing sequence of bounded records (ledger or index
/// segments) and write only the one that changed. ETags are checked like the grain's own state.
/// </summary>
public sealed class StorageRecord<T>(IGrainStorage storage, string stateName, GrainId id)
    where T : class, new()
{
    private readonly GrainState<T> _state = new(new T());

    public GrainId Id => id;

    /// <summary>The record's content; an empty one when storage holds none (some providers leave it null).</summary>
    public T State
    {
        get => _state.State ??= new T();
        set => _state.State = value;
    }

    /// <summary>Whether storage held this record at the last read or write.</summary>
    public bool RecordExists => _state.RecordExists;

    /// <summary>The record's id: <paramref name="owner"/> and a sequence number, under <paramref name="type"/>.</summary>
    public static GrainId IdFor(string type, string owner, int number) =>
        GrainId.Create(type, $"{owner}.{number:D6}");

    public async Task ReadAsync()
    {
        try
        {
            await storage.ReadStateAsync(stateName, id, _state);
        }
        catch (Exception e) when (e is not OrleansException)
        {
            throw new OrleansException($"Storage failed to read {stateName} record {id}.", e);
        }
    }

    /// <summary>Writes the record over the version last read or written; an ETag conflict throws <see cref="InconsistentStateException"/>.</summary>
    public async Task WriteAsync()
    {
        try
        {
            await storage.WriteStateAsync(stateName, id, _state);
        }
        catch (Exception e) when (e is not OrleansException)
        {
            // Wrapped like a grain's own state, so callers handle both alike.
            throw new OrleansException($"Storage failed to write {stateName} record {id}.", e);
        }
    }
}
