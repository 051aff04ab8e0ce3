namespace ImageGrid.Cli.Tests.Infrastructure;

/// <summary>A folder of the test's own, deleted when the test ends.</summary>
public sealed class TempFolder : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("imagegrid-cli-test-").FullName;

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
