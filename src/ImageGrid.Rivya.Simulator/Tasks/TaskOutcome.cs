namespace ImageGrid.Rivya.Simulator.Tasks;

/// <summary>How a task ends once it finishes running.</summary>
internal sealed record TaskOutcome(bool Succeeds, string? ErrorCode, string? ErrorMessage)
{
    public const string DefaultErrorCode = "generation_failed";

    public const string DefaultErrorMessage = "The image could not be generated.";

    public static readonly TaskOutcome Success = new(true, null, null);

    public static TaskOutcome Failure(string? errorCode, string? errorMessage) =>
        new(false, errorCode ?? DefaultErrorCode, errorMessage ?? DefaultErrorMessage);
}
