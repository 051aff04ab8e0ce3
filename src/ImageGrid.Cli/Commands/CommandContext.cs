using System.CommandLine;
using ImageGrid.Cli.Connection;
using ImageGrid.Cli.Output;

namespace ImageGrid.Cli.Commands;

/// <summary>What a command's action works with: its output and, made on first use, the connection to the service.</summary>
public sealed class CommandContext : IDisposable
{
    private readonly TimeSpan _callTimeout;
    private ServiceConnection? _connection;

    private CommandContext(ConsoleOutput output, TimeSpan callTimeout)
    {
        Output = output;
        _callTimeout = callTimeout;
    }

    public ConsoleOutput Output { get; }

    /// <summary>Read from the environment only when a command needs the service, so bad settings fail that command alone.</summary>
    public ServiceConnection Connection => _connection ??= new ServiceConnection(ServiceSettings.FromEnvironment(), _callTimeout);

    public ServiceSettings? SettingsIfConnected => _connection?.Settings;

    public static CommandContext From(ParseResult parseResult, GlobalOptions global) =>
        new(ConsoleOutput.ForConsole(parseResult.GetValue(global.Json)), TimeSpan.FromSeconds(parseResult.GetValue(global.TimeoutSeconds)));

    public void Dispose() => _connection?.Dispose();
}
