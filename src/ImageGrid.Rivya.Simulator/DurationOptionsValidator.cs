using ImageGrid.Rivya.Simulator.Contract;
using Microsoft.Extensions.Options;

namespace ImageGrid.Rivya.Simulator;

/// <summary>Checks <see cref="SimulatorOptions.Durations"/> and names each offending setting, so a typo fails the start.</summary>
internal sealed class DurationOptionsValidator : IValidateOptions<SimulatorOptions>
{
    public ValidateOptionsResult Validate(string? name, SimulatorOptions options)
    {
        var failures = new List<string>();
        foreach (var (resolution, durations) in options.Durations)
        {
            var prefix = $"{SimulatorOptions.SectionName}:Durations:{resolution}";
            if (!RivyaContract.Resolutions.Contains(resolution, StringComparer.OrdinalIgnoreCase))
            {
                failures.Add($"{prefix}: unknown resolution; known: {string.Join(", ", RivyaContract.Resolutions)}.");
            }

            if (durations.QueuedMedian < TimeSpan.Zero || durations.RunningMedian < TimeSpan.Zero)
            {
                failures.Add($"{prefix}: medians must not be negative.");
            }

            if (!(durations.Spread >= 0 && durations.Spread <= ResolutionDurations.MaxSpread))
            {
                failures.Add($"{prefix}:Spread must be between 0 and {ResolutionDurations.MaxSpread}; it is {durations.Spread}.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
