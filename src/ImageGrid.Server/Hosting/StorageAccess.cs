using Azure.Core;
using Azure.Data.Tables;
using Azure.Storage.Blobs;

namespace ImageGrid.Server.Hosting;

/// <summary>
/// How the silo reaches Azure Storage: exactly one of a connection string, or the Blob and Table service endpoints with
/// a Microsoft Entra token credential (Workload Identity on Kubernetes: nothing secret in the pod, access granted and
/// revoked by role assignment, tokens rotated by the platform).
/// </summary>
public abstract class StorageAccess
{
    private const string ConnectionStringKey = $"{StorageOptions.SectionName}:{nameof(StorageOptions.ConnectionString)}";
    private const string BlobServiceUriKey = $"{StorageOptions.SectionName}:{nameof(StorageOptions.BlobServiceUri)}";
    private const string TableServiceUriKey = $"{StorageOptions.SectionName}:{nameof(StorageOptions.TableServiceUri)}";

    public abstract BlobServiceClient Blobs();

    public abstract TableServiceClient Tables();

    /// <summary>The way the options give, or an <see cref="InvalidConfigurationException"/> whose message names the keys to set.</summary>
    /// <param name="credential">Made only for the endpoints' way (production passes DefaultAzureCredential).</param>
    public static StorageAccess From(StorageOptions options, Func<TokenCredential> credential)
    {
        var connectionString = Given(options.ConnectionString);
        var blobs = Given(options.BlobServiceUri);
        var tables = Given(options.TableServiceUri);
        if (connectionString is not null && (blobs ?? tables) is not null)
        {
            throw new InvalidConfigurationException(
                $"{ConnectionStringKey} and the service endpoints ({BlobServiceUriKey}, {TableServiceUriKey}) are both set: give one way to reach " +
                $"Azure Storage, the endpoints (with the pod's identity) or the connection string (environment Storage__ConnectionString), not both.");
        }

        if (connectionString is not null)
        {
            return new ByConnectionString(connectionString);
        }

        if (blobs is null && tables is null)
        {
            throw new InvalidConfigurationException(
                $"{StorageOptions.SectionName}:{nameof(StorageOptions.Provider)}={StorageProvider.AzureStorage} needs a way to reach storage: set " +
                $"{BlobServiceUriKey} and {TableServiceUriKey} (environment Storage__BlobServiceUri, Storage__TableServiceUri; reached with " +
                $"DefaultAzureCredential), or {ConnectionStringKey} (environment Storage__ConnectionString; e.g. UseDevelopmentStorage=true for Azurite).");
        }

        return new ByEndpoints(Endpoint(blobs, BlobServiceUriKey, TableServiceUriKey), Endpoint(tables, TableServiceUriKey, BlobServiceUriKey), credential());
    }

    private static string? Given(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static Uri Endpoint(string? value, string key, string otherKey)
    {
        if (value is null)
        {
            throw new InvalidConfigurationException(
                $"{key} is not set. With {otherKey} the server needs both service endpoints (environment {key.Replace(":", "__", StringComparison.Ordinal)}).");
        }

        // The SDK sends a bearer token over https only.
        return Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps
            ? uri
            : throw new InvalidConfigurationException($"{key} must be an absolute https URL, e.g. https://<account>.{(key == BlobServiceUriKey ? "blob" : "table")}.core.windows.net/.");
    }

    private sealed class ByConnectionString(string connectionString) : StorageAccess
    {
        public override BlobServiceClient Blobs() => StorageClients.Blobs(connectionString);

        public override TableServiceClient Tables() => StorageClients.Tables(connectionString);
    }

    private sealed class ByEndpoints(Uri blobs, Uri tables, TokenCredential credential) : StorageAccess
    {
        public override BlobServiceClient Blobs() => StorageClients.Blobs(blobs, credential);

        public override TableServiceClient Tables() => StorageClients.Tables(tables, credential);
    }
}
