namespace ImageGrid.Server.Tests.Clients;

/// <summary>examples/node run by node, with the packages its package-lock.json pins (npm ci).</summary>
[Collection(ClientExamplesCollection.Name)]
public sealed class NodeExampleTests(ClientExamplesFixture fixture) : ClientExampleTests(fixture)
{
    protected override string Name => "node";

    protected override string FileName => "node";

    protected override IEnumerable<string> Arguments => [Path.Combine(Infrastructure.RepositoryRoot.Path, "examples", "node", "imagegrid-example.js")];
}
