namespace ImageGrid.Server.Tests.Infrastructure;

/// <summary>The tests that share one <see cref="ImageGridFixture"/> (ImageGrid.Testing).</summary>
[CollectionDefinition(Name)]
public sealed class ImageGridCollection : ICollectionFixture<ImageGridFixture>
{
    public const string Name = "imagegrid";
}
