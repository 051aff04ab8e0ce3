using Google.Protobuf.WellKnownTypes;
using ImageGrid.Cli.Output;
using ImageGrid.Contracts.V1;
using TaskStatus = ImageGrid.Contracts.V1.TaskStatus;

namespace ImageGrid.Cli.Tests.Unit;

public sealed class ProgressLineTests
{
    private static readonly DateTimeOffset Created = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void On_a_terminal_one_line_is_rewritten_in_place_with_the_path_so_far()
    {
        var writer = new StringWriter();
        var line = new ProgressLine(writer, inPlace: true);

        line.Show(Task(1, TaskStatus.Queued, 0.2));
        line.Show(Task(2, TaskStatus.Running, 0.9));
        line.Show(Task(3, TaskStatus.Succeeded, 1.5));
        line.Finish();

        Assert.Equal(
            "\rtsk_a  QUEUED  v1  0.2 s\u001b[K" +
            "\rtsk_a  QUEUED → RUNNING  v2  0.9 s\u001b[K" +
            "\rtsk_a  QUEUED → RUNNING → SUCCEEDED  v3  1.5 s\u001b[K" + Environment.NewLine,
            writer.ToString());
    }

    [Fact]
    public void Redirected_each_update_is_a_plain_line()
    {
        var writer = new StringWriter();
        var line = new ProgressLine(writer, inPlace: false);

        line.Show(Task(1, TaskStatus.Queued, 0.2));
        line.Show(Task(2, TaskStatus.Failed, 0.4));
        line.Finish();

        Assert.Equal($"tsk_a  QUEUED  v1  0.2 s{Environment.NewLine}tsk_a  FAILED  v2  0.4 s{Environment.NewLine}", writer.ToString());
    }

    private static ImageTask Task(long version, TaskStatus status, double ageSeconds) => new()
    {
        Id = "tsk_a",
        Version = version,
        Status = status,
        CreatedAt = Timestamp.FromDateTimeOffset(Created),
        UpdatedAt = Timestamp.FromDateTimeOffset(Created.AddSeconds(ageSeconds)),
    };
}
