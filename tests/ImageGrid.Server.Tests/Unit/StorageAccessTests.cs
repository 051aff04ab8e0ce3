using Azure.Core;
using ImageGrid.Server.Hosting;

namespace ImageGrid.Server.Tests.Unit;

/// <summary>
/// The two ways to Azure Storage: exactly one of a connection string or both service endpoints, and the endpoints' clients
/// authenticate with the token credential they were given. No Azure is reached: the test credential refuses before
/// any request leaves the process.
/// </summary>
public sealed class StorageAccessTests
{
    private const string BlobEndpoint = "https://imagegridtest.blob.core.windows.net/";
    private const string TableEndpoint = "https://imagegridtest.table.core.windows.net/";

    [Fact]
    public async Task The_endpoints_build_clients_on_those_endpoints_that_ask_the_credential_for_a_storage_token()
    {
        var credential = new RefusingCredential();
        var access = StorageAccess.From(new StorageOptions { BlobServiceUri = BlobEndpoint, TableServiceUri = TableEndpoint }, () => credential);

        var blobs = access.Blobs();
        var tables = access.Tables();

        Assert.Equal(new Uri(BlobEndpoint), blobs.Uri);
        Assert.Equal(new Uri(TableEndpoint), tables.Uri);
        await Assert.ThrowsAsync<RefusingCredential.Refused>(() => blobs.GetPropertiesAsync());
        await Assert.ThrowsAsync<RefusingCredential.Refused>(() => tables.GetPropertiesAsync());
        Assert.Equal(2, credential.Scopes.Count);
        // Azure Storage's audience (the Blob client asks for "https://storage.azure.com//.default", which Entra ID accepts).
        Assert.All(credential.Scopes, scopes => Assert.Matches("^https://storage\\.azure\\.com/+\\.default$", Assert.Single(scopes)));
    }

    [Fact]
    public void A_connection_string_builds_clients_on_its_endpoints_and_makes_no_credential()
    {
        var access = StorageAccess.From(new StorageOptions { ConnectionString = "UseDevelopmentStorage=true" }, () => throw new InvalidOperationException("no credential expected"));

        Assert.Equal(10000, access.Blobs().Uri.Port);
        Assert.Equal(10002, access.Tables().Uri.Port);
    }

    [Fact]
    public void Both_ways_given_is_refused_naming_the_keys()
    {
        var refused = Assert.Throws<InvalidConfigurationException>(() => StorageAccess.From(
            new StorageOptions { ConnectionString = "UseDevelopmentStorage=true", BlobServiceUri = BlobEndpoint, TableServiceUri = TableEndpoint },
            () => new RefusingCredential()));

        Assert.Contains("Storage:ConnectionString and the service endpoints (Storage:BlobServiceUri, Storage:TableServiceUri) are both set", refused.Message);
    }

    [Fact]
    public void Neither_way_given_is_refused_naming_both()
    {
        var refused = Assert.Throws<InvalidConfigurationException>(() => StorageAccess.From(new StorageOptions(), () => new RefusingCredential()));

        Assert.Contains("set Storage:BlobServiceUri and Storage:TableServiceUri", refused.Message);
        Assert.Contains("or Storage:ConnectionString", refused.Message);
    }

    [Theory]
    [InlineData(BlobEndpoint, null, "Storage:TableServiceUri is not set")]
    [InlineData(null, TableEndpoint, "Storage:BlobServiceUri is not set")]
    [InlineData("http://imagegridtest.blob.core.windows.net/", TableEndpoint, "Storage:BlobServiceUri must be an absolute https URL")]
    [InlineData(BlobEndpoint, "imagegridtest.table.core.windows.net", "Storage:TableServiceUri must be an absolute https URL")]
    public void An_incomplete_or_unusable_endpoint_is_refused_naming_it(string? blobs, string? tables, string expected)
    {
        var refused = Assert.Throws<InvalidConfigurationException>(() => StorageAccess.From(
            new StorageOptions { BlobServiceUri = blobs, TableServiceUri = tables }, () => new RefusingCredential()));

        Assert.StartsWith(expected, refused.Message, StringComparison.Ordinal);
    }

    /// <summary>Records the scopes it is asked for and refuses every token.</summary>
    private sealed class RefusingCredential : TokenCredential
    {
        public List<string[]> Scopes { get; } = [];

        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            throw Record(requestContext);

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            throw Record(requestContext);

        private Refused Record(TokenRequestContext requestContext)
        {
            lock (Scopes)
            {
                Scopes.Add(requestContext.Scopes);
            }

            return new Refused();
        }

        public sealed class Refused() : Exception("the test credential gives no token");
    }
}
