using Microsoft.Extensions.Options;

namespace ImageGrid.Catalog;

/// <summary>Rejects allow-list entries that are not a host name with an optional port.</summary>
public sealed class ReferenceOptionsValidator : IValidateOptions<ReferenceOptions>
{
    public ValidateOptionsResult Validate(string? name, ReferenceOptions options)
    {
        var failures = new List<string>();
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
