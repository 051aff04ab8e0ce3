using Google.Protobuf;

namespace ImageGrid.Cli.Output;

/// <summary>
/// Where each kind of output goes. With --json, stdout carries only JSON (one message per line) and every human
/// message moves to stderr, so the output can be piped into a JSON reader.
/// </summary>
public sealed class ConsoleOutput(bool json, TextWriter stdout, TextWriter stderr, bool stdoutIsTerminal)
{
    private static readonly JsonFormatter Formatter = new(JsonFormatter.Settings.Default.WithFormatDefaultValues(true));

    public bool Json { get; } = json;

    public TextWriter Error { get; } = stderr;

    public static ConsoleOutput ForConsole(bool json) =>
        new(json, Console.Out, Console.Error, !Console.IsOutputRedirected);

    /// <summary>A message for people: stdout, or stderr when stdout carries JSON.</summary>
    public void Info(string line) => (Json ? Error : stdout).WriteLine(line);

    public void WriteJson(IMessage message) => stdout.WriteLine(Formatter.Format(message));

    /// <summary>
    /// Text for people on stdout; written only without --json, where the same content goes out as JSON instead.
    /// </summary>
    public void Text(string text)
    {
        if (!Json)
        {
            stdout.WriteLine(text);
        }
    }

    public ProgressLine Progress() => new(stdout, inPlace: stdoutIsTerminal);
}
