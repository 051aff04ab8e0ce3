using ImageGrid.Contracts.V1;
using TaskStatus = ImageGrid.Contracts.V1.TaskStatus;

namespace ImageGrid.Cli.Output;

/// <summary>
/// A task's progress: on a terminal one line rewritten in place (the statuses it went through, its version and age);
/// when the output is redirected, one plain line per update.
/// </summary>
public sealed class ProgressLine(TextWriter writer, bool inPlace)
{
    private const string ClearToEndOfLine = "\u001b[K";
    private readonly List<TaskStatus> _path = [];
    private bool _open;

    public void Show(ImageTask task)
    {
        if (_path.Count == 0 || _path[^1] != task.Status)
        {
            _path.Add(task.Status);
        }

        var age = task.CreatedAt is null || task.UpdatedAt is null ? "" : $"  {(task.UpdatedAt.ToDateTimeOffset() - task.CreatedAt.ToDateTimeOffset()).TotalSeconds:0.0} s";
        if (inPlace)
        {
            writer.Write($"\r{task.Id}  {string.Join(" → ", _path.Select(StatusNames.Of))}  v{task.Version}{age}{ClearToEndOfLine}");
            writer.Flush();
            _open = true;
        }
        else
        {
            writer.WriteLine($"{task.Id}  {StatusNames.Of(task.Status)}  v{task.Version}{age}");
        }
    }

    /// <summary>Ends the line rewritten in place, so that what follows starts on a line of its own.</summary>
    public void Finish()
    {
        if (_open)
        {
            writer.WriteLine();
            _open = false;
        }
    }
}
