using ImageGrid.Grains.Storage;
using Orleans.Storage;

namespace ImageGrid.Grains.Accounts;

/// <summary>
/// An account's ledger entries in storage, <see cref="Size"/> to a record: segment n holds sequences
/// n·Size+1 … (n+1)·Size. A change writes only the segment its entries land in, so a reservation costs the same write
/// whether the account has ten entries or ten million; the account's checkpoint follows only now and then (see
/// <see cref="AccountGrain"/>).
/// The last two segments stay in memory: they answer repeated settlements exactly and serve recent ledger pages.
/// </summary>
public sealed class LedgerSegments(IGrainStorage storage, string accountId)
{
    public const int Size = 512;
    public const string StateName = "ledger";
    public const string RecordType = "imagegrid.ledger";

    /// <summary>The largest ledger page <see cref="PageAsync"/> returns.</summary>
    public const int MaxPageSize = 500;

    private StorageRecord<LedgerSegment>? _previous;
    private StorageRecord<LedgerSegment> _current = new(storage, StateName, IdOf(accountId, 0));
    private int _currentNumber;

    public static GrainId IdOf(string accountId, int number) => StorageRecord<LedgerSegment>.IdFor(RecordType, accountId, number);

    /// <summary>The segment that holds entry <paramref name="sequence"/> (1 or more).</summary>
    public static int NumberOf(long sequence) => checked((int)((sequence - 1) / Size));

    /// <summary>
    /// Reads the segments from the one after the checkpoint on and replays their entries past
    /// <see cref="CreditLedger.Version"/>, so the ledger's totals are what storage holds.
    /// </summary>
    public async Task LoadAsync(CreditLedger ledger)
    {
        var number = NumberOf(ledger.Version + 1);
        _previous = null;
        if (number > 0)
        {
            _previous = Record(number - 1);
            await _previous.ReadAsync();
        }

        while (true)
        {
            var record = Record(number);
            await record.ReadAsync();
            foreach (var entry in record.State.Entries)
            {
                if (entry.Sequence > ledger.Version)
                {
                    ledger.Replay(entry);
                }
            }

            if (record.State.Entries.Count < Size)
            {
                _current = record;
                _currentNumber = number;
                break;
            }

            _previous = record;
            number++;
        }

        ledger.ResetRecentClosures(InMemory);
    }

    /// <summary>
    /// Writes the ledger's unstored entries to their segments and marks them stored. Returns whether a segment was
    /// filled, which is when the account should write its checkpoint. On failure the caller reloads (<see cref="LoadAsync"/>).
    /// </summary>
    public async Task<bool> StoreAsync(CreditLedger ledger)
    {
        var touched = new List<StorageRecord<LedgerSegment>>(2);
        foreach (var entry in ledger.Unstored)
        {
            var number = NumberOf(entry.Sequence);
            if (number != _currentNumber)
            {
                if (_previous is not null)
                {
                    ledger.ForgetClosures(_previous.State.Entries);
                }

                _previous = _current;
                _current = Record(number);
                _currentNumber = number;
            }

            _current.State.Entries.Add(entry);
            if (!touched.Contains(_current))
            {
                touched.Add(_current);
            }
        }

        foreach (var record in touched)
        {
            await record.WriteAsync();
        }

        ledger.MarkStored();
        return touched.Exists(r => r.State.Entries.Count == Size);
    }

    /// <summary>
    /// Up to <paramref name="pageSize"/> entries (clamped to 1..<see cref="MaxPageSize"/>) after
    /// <paramref name="afterSequence"/>, oldest first, of a ledger at <paramref name="version"/>; the page's
    /// <c>NextAfterSequence</c> is 0 when nothing follows. Older segments are read from storage.
    /// </summary>
    public async Task<LedgerPage> PageAsync(long afterSequence, int pageSize, long version)
    {
        var size = Math.Clamp(pageSize, 1, MaxPageSize);
        var last = Math.Clamp(afterSequence, 0, version);
        var entries = new List<LedgerEntry>(Math.Min(size, (int)Math.Min(int.MaxValue, version - last)));
        while (entries.Count < size && last < version)
        {
            var segment = await SegmentAsync(NumberOf(last + 1));
            var before = last;
            foreach (var entry in segment.Entries)
            {
                if (entry.Sequence > last && entries.Count < size)
                {
                    entries.Add(entry);
                    last = entry.Sequence;
                }
            }

            if (last == before)
            {
                throw new InvalidOperationException($"Ledger segment {NumberOf(last + 1)} of account {accountId} does not hold entry {last + 1}.");
            }
        }

        return new LedgerPage { Entries = [.. entries], NextAfterSequence = last < version ? last : 0 };
    }

    private IEnumerable<LedgerEntry> InMemory => (_previous?.State.Entries ?? []).Concat(_current.State.Entries);

    private async Task<LedgerSegment> SegmentAsync(int number)
    {
        if (number == _currentNumber)
        {
            return _current.State;
        }

        if (number == _currentNumber - 1 && _previous is not null)
        {
            return _previous.State;
        }

        var record = Record(number);
        await record.ReadAsync();
        return record.State;
    }

    private StorageRecord<LedgerSegment> Record(int number) => new(storage, StateName, IdOf(accountId, number));
}
