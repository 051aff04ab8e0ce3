using System.CommandLine;
using ImageGrid.Cli.Commands;
using ImageGrid.Cli.Connection;

namespace ImageGrid.Cli;

/// <summary>The <c>imagegrid</c> command tree, and the exit code of a command line that does not parse (2).</summary>
public static class CliApplication
{
    public static async Task<int> RunAsync(string[] args)
    {
        var root = Build();
        // No @response-file expansion: a prompt may well start with '@'.
        var parseResult = root.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
        if (parseResult.Errors.Count > 0)
        {
            foreach (var error in parseResult.Errors)
            {
                Console.Error.WriteLine($"error: {error.Message}");
            }

            Console.Error.WriteLine("Run 'imagegrid --help' for the commands and their options.");
            return ExitCodes.BadInput;
        }

        return await parseResult.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
    }

    public static RootCommand Build()
    {
        var global = new GlobalOptions();
        var root = new RootCommand(
            $"""
            ImageGrid from the command line: create images, follow their progress, save the results.
            The service's address comes from {ServiceSettings.UrlVariable} (default {ServiceSettings.DefaultUrl}), the API key from {ServiceSettings.ApiKeyVariable}.
            Exit codes: 0 success, 1 the task failed, 2 bad input, 3 authentication, 4 service unavailable or deadline exceeded,
            5 refused (not found, already exists, out of credits or limits), 6 any other error, 130 interrupted.
            """);
        global.AddTo(root);
        root.Subcommands.Add(CreateCommand.Build(global));
        root.Subcommands.Add(WatchCommand.Build(global));
        root.Subcommands.Add(GetCommand.Build(global));
        root.Subcommands.Add(ListCommand.Build(global));
        root.Subcommands.Add(BalanceCommand.Build(global));
        root.Subcommands.Add(ModelsCommand.Build(global));
        return root;
    }
}
