using System.CommandLine;

namespace ImageGrid.Cli.Commands;

/// <summary>Options every command takes, before or after its name.</summary>
public sealed class GlobalOptions
{
    public Option<bool> Json { get; } = new("--json")
    {
        Description = "Print machine-readable output: protobuf JSON, one message per line, on stdout; messages for people go to stderr",
        Recursive = true,
    };

    public Option<double> TimeoutSeconds { get; } = new("--timeout")
    {
        Description = "Deadline of each single call in seconds (watching has none)",
        DefaultValueFactory = _ => 30,
        Recursive = true,
    };

    public GlobalOptions()
    {
        TimeoutSeconds.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<double>() is <= 0 or > 86_400)
            {
                result.AddError("--timeout must be more than 0 and at most 86400 seconds");
            }
        });
    }

    public void AddTo(RootCommand root)
    {
        root.Options.Add(Json);
        root.Options.Add(TimeoutSeconds);
    }
}
