namespace ImageGrid.Server.Tests.Infrastructure;

/// <summary>An ImageGrid server started without <c>Admin:ApiKey</c>.</summary>
public sealed class AdminDisabledFixture : ImageGridFixture
{
    protected override IEnumerable<string> ServerArguments(string simulatorUrl) =>
        base.ServerArguments(simulatorUrl).Where(argument => !argument.StartsWith("--Admin:ApiKey=", StringComparison.Ordinal));
}

[CollectionDefinition(Name)]
public sealed class AdminDisabledCollection : ICollectionFixture<AdminDisabledFixture>
{
    public const string Name = "admin-disabled";
}
