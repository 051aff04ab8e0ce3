using System.Collections.Concurrent;
using ImageGrid.Grains.Tests.Storage;
using Orleans.Serialization;
using Orleans.Storage;

namespace ImageGrid.Grains.Tests.Accounts;

public enum WriteFault
{
    /// <summary>The write fails and nothing is stored.</summary>
    BeforeStoring,
    /// <summary>The write is stored, but the caller hears of a failure (a lost acknowledgement).</summary>
    AfterStoring,
}

/// <summary>
/// Grain storage that keeps each state as Orleans-serialized bytes (so state types must really serialize), checks
/// ETags like a real store, and fails a grain's next write, or every matching write for a while, on request. It can also
/// hold matching writes until told to go on, and count the writes it stored.
/// </summary>
public sealed class ControllableGrainStorage(Serializer serializer) : IGrainStorage
{
    private readonly ConcurrentDictionary<(string StateName, GrainId GrainId), Row> _rows = new();
    private readonly ConcurrentDictionary<GrainId, WriteFault> _faults = new();
    private readonly ConcurrentQueue<StorageOutage> _outages = new();
    private readonly ConcurrentQueue<WriteHold> _holds = new();
    private readonly ConcurrentQueue<WriteCount> _counts = new();
    private readonly Lock _writes = new();

    public void FailNextWrite(GrainId grainId, WriteFault fault) => _faults[grainId] = fault;

    /// <summary>
    /// Fails every write for which <paramref name="match"/> (state name, record id, the state being written) holds,
    /// until the returned outage is disposed.
    /// </summary>
    public StorageOutage BeginOutage(Func<string, GrainId, object?, bool> match, WriteFault fault = WriteFault.BeforeStoring)
    {
        var outage = new StorageOutage(match, fault);
        _outages.Enqueue(outage);
        return outage;
    }

    /// <summary>
    /// Holds every write for which <paramref name="match"/> (state name, record id, the state being written) holds,
    /// until the returned hold is disposed.
    /// </summary>
    public WriteHold HoldWrites(Func<string, GrainId, object?, bool> match)
    {
        var hold = new WriteHold(match);
        _holds.Enqueue(hold);
        return hold;
    }

    /// <summary>Counts from now on the stored writes for which <paramref name="match"/> holds.</summary>
    public WriteCount CountWrites(Func<string, GrainId, object?, bool> match)
    {
        var count = new WriteCount(match);
        _counts.Enqueue(count);
        return count;
    }

    /// <summary>What storage holds for the grain, read afresh; null when nothing was written.</summary>
    public T? Stored<T>(string stateName, GrainId grainId) where T : class =>
        _rows.TryGetValue((stateName, grainId), out var row) ? serializer.Deserialize<T>(row.Data) : null;

    /// <summary>Stores a state as if its grain had written it.</summary>
    public void Put<T>(string stateName, GrainId grainId, T state) =>
        _rows[(stateName, grainId)] = new Row(serializer.SerializeToArray(state), NewETag());

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        if (_rows.TryGetValue((stateName, grainId), out var row))
        {
            grainState.State = serializer.Deserialize<T>(row.Data);
            grainState.ETag = row.ETag;
            grainState.RecordExists = true;
        }
        else
        {
            grainState.State = Activator.CreateInstance<T>();
            grainState.ETag = null;
            grainState.RecordExists = false;
        }

        return Task.CompletedTask;
    }

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        if (_holds.FirstOrDefault(h => h.Applies(stateName, grainId, grainState.State)) is { } hold)
        {
            await hold.WaitAsync();
        }

        var outage = _outages.FirstOrDefault(o => o.Applies(stateName, grainId, grainState.State));
        outage?.CountFailure();
        var fault = outage?.Fault ?? (_faults.TryRemove(grainId, out var f) ? f : (WriteFault?)null);
        if (fault == WriteFault.BeforeStoring)
        {
            throw new TimeoutException("Storage did not answer (test fault).");
        }

        var etag = NewETag();
        lock (_writes)
        {
            var stored = _rows.TryGetValue((stateName, grainId), out var row) ? row.ETag : null;
            if (stored != grainState.ETag)
            {
                throw new InconsistentStateException($"ETag mismatch: stored {stored}, written over {grainState.ETag}.", stored, grainState.ETag);
            }

            _rows[(stateName, grainId)] = new Row(serializer.SerializeToArray(grainState.State), etag);
        }

        foreach (var count in _counts)
        {
            count.CountIfMatches(stateName, grainId, grainState.State);
        }

        if (fault == WriteFault.AfterStoring)
        {
            throw new TimeoutException("Storage stored the write but the answer was lost (test fault).");
        }

        grainState.ETag = etag;
        grainState.RecordExists = true;
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        _rows.TryRemove((stateName, grainId), out _);
        grainState.State = Activator.CreateInstance<T>();
        grainState.ETag = null;
        grainState.RecordExists = false;
        return Task.CompletedTask;
    }

    private static string NewETag() => Guid.NewGuid().ToString("N");

    private sealed record Row(byte[] Data, string ETag);
}
