using Azure.Core;
using Azure.Data.Tables;
using Azure.Storage.Blobs;

namespace ImageGrid.Server.Hosting;

/// <summary>
/// Azure Storage clients that give up on a failing request within seconds. The SDK's own default retries for minutes
/// (five retries from a 4 s delay, doubling up to 2 min), so during an outage a grain write would hang far past its
/// caller's deadline and, once storage answered again, wait out the rest of that backoff before the task moved on.
/// Failing fast hands the retry to the one who owns the work: the task grain's drive (with its own backoff up to
/// Polling:MaxInterval), Orleans' membership and reminder loops, or the gRPC caller (UNAVAILABLE, retry).
/// </summary>
public static class StorageClients
{
    public static BlobServiceClient Blobs(string connectionString)
    {
        var options = new BlobClientOptions();
        Configure(options.Retry);
        return new BlobServiceClient(connectionString, options);
    }

    public static TableServiceClient Tables(string connectionString)
    {
        var options = new TableClientOptions();
        Configure(options.Retry);
        return new TableServiceClient(connectionString, options);
    }

    public static BlobServiceClient Blobs(Uri endpoint, TokenCredential credential)
    {
        var options = new BlobClientOptions();
        Configure(options.Retry);
        return new BlobServiceClient(endpoint, credential, options);
    }

    public static TableServiceClient Tables(Uri endpoint, TokenCredential credential)
    {
        var options = new TableClientOptions();
        Configure(options.Retry);
        return new TableServiceClient(endpoint, credential, options);
    }

    private static void Configure(RetryOptions retry)
    {
        retry.Mode = RetryMode.Exponential;
        retry.MaxRetries = 3;
        retry.Delay = TimeSpan.FromMilliseconds(500);
        retry.MaxDelay = TimeSpan.FromSeconds(2);
        retry.NetworkTimeout = TimeSpan.FromSeconds(10);
    }
}
