namespace ImageGrid.Server.Tests.Infrastructure;

/// <summary>The repository's root (the folder of ImageGrid.sln), found from the test assembly's folder.</summary>
public static class RepositoryRoot
{
    public static string Path { get; } = Find();

    private static string Find()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(directory.FullName, "ImageGrid.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"ImageGrid.sln not found above {AppContext.BaseDirectory}");
    }
}
