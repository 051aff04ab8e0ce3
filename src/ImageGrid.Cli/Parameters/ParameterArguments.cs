namespace ImageGrid.Cli.Parameters;

/// <summary>Reads repeated <c>--param key=value</c> arguments into the request's parameter values.</summary>
public static class ParameterArguments
{
    public static Dictionary<string, string> Parse(IEnumerable<string> arguments)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var argument in arguments)
        {
            var separator = argument.IndexOf('=', StringComparison.Ordinal);
            if (separator <= 0)
            {
                throw CliException.BadInput($"--param expects key=value (e.g. --param resolution=2K); got '{argument}'");
            }

            var key = argument[..separator].Trim();
            var value = argument[(separator + 1)..].Trim();
            if (values.TryGetValue(key, out var earlier) && earlier != value)
            {
                throw CliException.BadInput($"--param {key} is given twice, as '{earlier}' and '{value}'");
            }

            values[key] = value;
        }

        return values;
    }
}
