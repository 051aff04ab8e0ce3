using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Orleans.Clustering.AzureStorage;

namespace ImageGrid.Server.Diagnostics;

/// <summary>
/// Healthy while Azure Storage answers: one point read in the membership table, with the client and the identity the
/// silo's membership uses, cut off after <see cref="Timeout"/>. Any answer counts (a missing row or table is a 404, still
/// an answer); no answer, a 5xx or a refused credential does not. The description never carries a URL or a key.
/// </summary>
public sealed class StorageHealthCheck(IOptions<AzureStorageClusteringOptions> clustering) : IHealthCheck
{
    /// <summary>Below the readiness probe's 3 s timeout.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);

    /// <summary>A key no silo writes: the read answers 404 (no such row) as fast as any.</summary>
    private const string ProbeKey = "imagegrid-readiness-probe";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(Timeout);
        try
        {
            var table = clustering.Value.TableServiceClient!.GetTableClient(clustering.Value.TableName);
            await table.GetEntityIfExistsAsync<TableEntity>(ProbeKey, ProbeKey, select: ["PartitionKey"], cancellationToken: deadline.Token);
            return HealthCheckResult.Healthy("storage answers");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy($"storage did not answer within {Timeout.TotalSeconds:0} s");
        }
        catch (RequestFailedException failed)
        {
            return HealthCheckResult.Unhealthy($"storage answered {failed.Status} {failed.ErrorCode}".TrimEnd());
        }
        catch (Exception failed) when (failed is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy($"storage is unreachable ({failed.GetType().Name})");
        }
    }
}
