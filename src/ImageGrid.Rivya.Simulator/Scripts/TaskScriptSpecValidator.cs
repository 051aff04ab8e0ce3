using ImageGrid.Rivya.Simulator.Contract;

namespace ImageGrid.Rivya.Simulator.Scripts;

internal static class TaskScriptSpecValidator
{
    public static IReadOnlyList<ErrorDetail> Validate(TaskScriptSpec script)
    {
        var errors = new List<ErrorDetail>();
        if (string.IsNullOrEmpty(script.PromptContains))
        {
            errors.Add(new ErrorDetail("promptContains", "promptContains must not be empty."));
        }

        if (script.QueuedMs < 0)
        {
            errors.Add(new ErrorDetail("queuedMs", "queuedMs must not be negative."));
        }

        if (script.RunningMs < 0)
        {
            errors.Add(new ErrorDetail("runningMs", "runningMs must not be negative."));
        }

        return errors;
    }
}
