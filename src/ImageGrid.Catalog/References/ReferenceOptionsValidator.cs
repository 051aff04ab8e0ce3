using Microsoft.Extensions.Options;

namespace ImageGrid.Catalog;

/// <summary>Rejects a Files host or allow-list entries that are not a host name with an optional port.</summary>
public sealed class ReferenceOptionsValidator : IValidateOptions<ReferenceOptions>
{
    public ValidateOptionsResult Validate(string? name, ReferenceOptions options)
    {
        var failures = new List<string>();
        if (!string.IsNullOrEmpty(options.FilesHost) && !AllowedHost.TryParse(options.FilesHost, out _, out var filesHostProblem))
        {
            failures.Add($"{ReferenceOptions.SectionName}:FilesHost \"{options.FilesHost}\" {filesHostProblem}");
        }

        for (var index = 0; index < options.AllowedHosts.Count; index++)
        {
            if (!AllowedHost.TryParse(options.AllowedHosts[index], out _, out var problem))
            {
                failures.Add($"{ReferenceOptions.SectionName}:AllowedHosts:{index} \"{options.AllowedHosts[index]}\" {problem}");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
