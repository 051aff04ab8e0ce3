using System.CommandLine;
using Grpc.Core;
using ImageGrid.Cli.Output;

namespace ImageGrid.Cli.Commands;

/// <summary>Runs a command's action and turns every way it can fail into a message on stderr and an exit code.</summary>
public static class CommandActions
{
    public static void SetCliAction(this Command command, GlobalOptions global, Func<ParseResult, CommandContext, CancellationToken, Task<int>> action) =>
        command.SetAction((parseResult, cancellationToken) => RunAsync(parseResult, global, action, cancellationToken));

    private static async Task<int> RunAsync(
        ParseResult parseResult, GlobalOptions global, Func<ParseResult, CommandContext, CancellationToken, Task<int>> action, CancellationToken cancellationToken)
    {
        using var context = CommandContext.From(parseResult, global);
        var stderr = context.Output.Error;
        try
        {
            return await action(parseResult, context, cancellationToken);
        }
        catch (RpcException error) when (error.StatusCode == StatusCode.Cancelled && cancellationToken.IsCancellationRequested)
        {
            return ExitCodes.Interrupted;
        }
        catch (RpcException error)
        {
            return RpcErrorReport.Write(error, stderr, context.SettingsIfConnected);
        }
        catch (CliException error)
        {
            stderr.WriteLine($"error: {error.Message}");
            return error.ExitCode;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return ExitCodes.Interrupted;
        }
    }
}
