using System.Text;
using ImageGrid.Contracts.V1;

namespace ImageGrid.Cli.Output;

/// <summary>Tasks as people read them: a block for one task, a line per task in a list.</summary>
public static class TaskText
{
    private const int PromptWidthInList = 60;

    public static string Block(ImageTask task)
    {
        var text = new StringBuilder();
        Row(text, "task", task.Id);
        Row(text, "status", StatusNames.Of(task.Status));
        Row(text, "version", task.Version.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Row(text, "model", task.Model);
        Row(text, "prompt", task.Prompt);
        if (task.Params is { } parameters)
        {
            Row(text, "params", string.Join(" ", parameters.Values.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}")));
            foreach (var reference in parameters.References)
            {
                Row(text, "reference", reference.FileId.Length > 0 ? reference.FileId : reference.Url);
            }
        }

        Row(text, "credits", $"reserved {task.ReservedCredits}, final {task.FinalCredits}");
        Row(text, "request id", task.ClientRequestId);
        Row(text, "created", task.CreatedAt?.ToDateTimeOffset().ToString("u", System.Globalization.CultureInfo.InvariantCulture) ?? "");
        foreach (var image in task.Images)
        {
            Row(text, "image", $"{image.Url} ({image.Width}×{image.Height} {image.MimeType})");
        }

        if (task.Error is { } error)
        {
            Row(text, "error", $"{error.Code}: {error.Message}");
        }

        return text.ToString().TrimEnd('\n');
    }

    public static string Line(ImageTask task)
    {
        var prompt = task.Prompt.ReplaceLineEndings(" ");
        if (prompt.Length > PromptWidthInList)
        {
            prompt = string.Concat(prompt.AsSpan(0, PromptWidthInList - 1), "…");
        }

        var created = task.CreatedAt?.ToDateTimeOffset().ToString("u", System.Globalization.CultureInfo.InvariantCulture) ?? "";
        return $"{task.Id}  {StatusNames.Of(task.Status),-10}  {created}  {task.Model}  {prompt}";
    }

    private static void Row(StringBuilder text, string name, string value)
    {
        if (value.Length > 0)
        {
            text.Append($"{name,-11}{value}\n");
        }
    }
}
