using ImageGrid.Rivya.Simulator.Contract;
using ImageGrid.Rivya.Simulator.Control;

namespace ImageGrid.Rivya.Simulator.Faults;

internal static class FaultSpecValidator
{
    public static IReadOnlyList<ErrorDetail> Validate(FaultSpec fault)
    {
        var errors = new List<ErrorDetail>();
        if (fault.Count < 1)
        {
            errors.Add(new ErrorDetail("count", "count must be at least 1."));
        }

        if (fault.Kind == FaultKind.HttpError && fault.Status is < 400 or > 599)
        {
            errors.Add(new ErrorDetail("status", "status must be an HTTP error status (400-599)."));
        }

        if (fault.RetryAfterSeconds < 0)
        {
            errors.Add(new ErrorDetail("retryAfterSeconds", "retryAfterSeconds must not be negative."));
        }

        if (fault.LatencyMs < 0)
        {
            errors.Add(new ErrorDetail("latencyMs", "latencyMs must not be negative."));
        }

        if (fault.Kind == FaultKind.DropResponse && fault.Endpoint != RivyaEndpoint.Create)
        {
            errors.Add(new ErrorDetail("kind", "drop_response applies to the create endpoint only."));
        }

        if (fault.PromptContains is not null && fault.Endpoint != RivyaEndpoint.Create)
        {
            errors.Add(new ErrorDetail("promptContains", "promptContains filters the create endpoint only."));
        }

        if (fault.TaskId is not null && fault.Endpoint != RivyaEndpoint.Get)
        {
            errors.Add(new ErrorDetail("taskId", "taskId filters the get endpoint only."));
        }

        return errors;
    }
}
