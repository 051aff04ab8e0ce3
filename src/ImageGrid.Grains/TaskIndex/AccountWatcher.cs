using System.Threading.Channels;

namespace ImageGrid.Grains.TaskIndex;

/// <summary>One account watcher's bounded buffer: a watcher that falls behind is dropped, never waited for.</summary>
internal sealed class AccountWatcher(int capacity)
{
    private readonly Channel<TaskSnapshot> _buffer = Channel.CreateBounded<TaskSnapshot>(
        new BoundedChannelOptions(capacity) { SingleReader = true, SingleWriter = true, FullMode = BoundedChannelFullMode.Wait });

    public bool Overflowed { get; private set; }

    public ChannelReader<TaskSnapshot> Reader => _buffer.Reader;

    public void Offer(TaskSnapshot snapshot)
    {
        if (!Overflowed && !_buffer.Writer.TryWrite(snapshot))
        {
            Overflowed = true;
            _buffer.Writer.TryComplete();
        }
    }
}
