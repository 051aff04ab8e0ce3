using System.Buffers;
using System.IO.Pipelines;
using ImageGrid.Server.Grpc;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ImageGrid.Server.Tests.Unit;

public sealed class CallerGoneBodyReaderTests
{
    private readonly CapturedLogs _logs = new();

    [Fact]
    public async Task A_read_that_fails_in_a_call_nobody_aborted_surfaces_as_it_is_and_logs_nothing()
    {
        var failure = new IOException("the disk under the pipe broke");
        var context = new DefaultHttpContext();
        var reader = Reader(new FailingReader(failure), context, TimeSpan.FromMilliseconds(50));

        var surfaced = await Assert.ThrowsAsync<IOException>(async () => await reader.ReadAsync());

        // grpc-dotnet then logs it as the error it is, with its stack trace.
        Assert.Same(failure, surfaced);
        Assert.False(context.RequestAborted.IsCancellationRequested);
        Assert.Empty(_logs.Entries);
    }

    [Fact]
    public async Task A_read_that_fails_as_the_call_is_aborted_surfaces_once_the_call_is_cancelled_with_one_debug_line()
    {
        using var aborted = new CancellationTokenSource();
        var context = new DefaultHttpContext { RequestAborted = aborted.Token };
        context.Request.Path = "/imagegrid.v1.ImageGrid/CreateImage";
        // As Kestrel does: the cancellation is scheduled, the body fails at once.
        var failure = new IOException("The request stream was aborted.");
        aborted.CancelAfter(TimeSpan.FromMilliseconds(200));
        var reader = Reader(new FailingReader(failure), context, TimeSpan.FromSeconds(30));

        var surfaced = await Assert.ThrowsAsync<IOException>(async () => await reader.ReadAsync());

        Assert.Same(failure, surfaced);
        Assert.True(context.RequestAborted.IsCancellationRequested);
        var line = Assert.Single(_logs.Entries);
        Assert.Equal(LogLevel.Debug, line.Level);
        Assert.Null(line.Exception);
        Assert.Contains("/imagegrid.v1.ImageGrid/CreateImage ended early", line.Message);
    }

    [Fact]
    public async Task An_advance_that_fails_as_the_call_is_aborted_surfaces_at_the_next_read_once_the_call_is_cancelled()
    {
        using var aborted = new CancellationTokenSource();
        var context = new DefaultHttpContext { RequestAborted = aborted.Token };
        var failure = new IOException("The request stream was aborted.");
        var reader = Reader(new FailingReader(failure, failsAdvance: true), context, TimeSpan.FromSeconds(30));
        var read = await reader.ReadAsync();
        aborted.CancelAfter(TimeSpan.FromMilliseconds(200));

        reader.AdvanceTo(read.Buffer.Start, read.Buffer.End);
        var surfaced = await Assert.ThrowsAsync<IOException>(async () => await reader.ReadAsync());

        Assert.Same(failure, surfaced);
        Assert.True(context.RequestAborted.IsCancellationRequested);
        Assert.Equal(LogLevel.Debug, Assert.Single(_logs.Entries).Level);
    }

    [Fact]
    public async Task A_read_that_fails_otherwise_surfaces_at_once()
    {
        var failure = new InvalidOperationException("not an I/O failure");
        var reader = Reader(new FailingReader(failure), new DefaultHttpContext(), TimeSpan.FromSeconds(30));

        var surfaced = await Assert.ThrowsAsync<InvalidOperationException>(async () => await reader.ReadAsync()).WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Same(failure, surfaced);
        Assert.Empty(_logs.Entries);
    }

    private CallerGoneBodyReader Reader(PipeReader body, HttpContext context, TimeSpan wait)
    {
        var loggerFactory = LoggerFactory.Create(logging => logging.SetMinimumLevel(LogLevel.Trace).AddProvider(_logs));
        var log = new CallOutcomeLog(loggerFactory.CreateLogger<CallOutcomeLog>());
        return new CallerGoneBodyReader(body, context, new CallerGoneBodyReader.Outcome(log, wait));
    }

    /// <summary>A body whose reads fail, or whose reads succeed and whose AdvanceTo fails.</summary>
    private sealed class FailingReader(Exception failure, bool failsAdvance = false) : PipeReader
    {
        public override ValueTask<ReadResult> ReadAsync(CancellationToken cancellationToken = default) => failsAdvance
            ? ValueTask.FromResult(new ReadResult(new ReadOnlySequence<byte>([0, 0, 0]), isCanceled: false, isCompleted: false))
            : ValueTask.FromException<ReadResult>(failure);

        public override bool TryRead(out ReadResult result) => throw failure;

        public override void AdvanceTo(SequencePosition consumed)
        {
        }

        public override void AdvanceTo(SequencePosition consumed, SequencePosition examined)
        {
            if (failsAdvance)
            {
                throw failure;
            }
        }

        public override void CancelPendingRead()
        {
        }

        public override void Complete(Exception? exception = null)
        {
        }
    }
}
