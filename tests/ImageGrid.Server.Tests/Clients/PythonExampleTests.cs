namespace ImageGrid.Server.Tests.Clients;

/// <summary>examples/python run by Debian's /usr/bin/python3 (the one python3-grpcio and python3-grpc-tools serve).</summary>
[Collection(ClientExamplesCollection.Name)]
public sealed class PythonExampleTests(ClientExamplesFixture fixture) : ClientExampleTests(fixture)
{
    protected override string Name => "python";

    protected override string FileName => "/usr/bin/python3";

    protected override IEnumerable<string> Arguments => [Path.Combine(Infrastructure.RepositoryRoot.Path, "examples", "python", "imagegrid_example.py")];
}
