using ImageGrid.Grains;
using ImageGrid.Server.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Clustering.AzureStorage;
using Orleans.Configuration;
using Orleans.Reminders.AzureStorage;

namespace ImageGrid.Server.Tests.Unit;

/// <summary>
/// A silo configured with the storage endpoints (the identity path) uses them for membership, reminders and every grain
/// storage. The host is built, not started: nothing reaches Azure.
/// </summary>
public sealed class StorageEndpointsWiringTests
{
    private static readonly Uri BlobEndpoint = new("https://imagegridtest.blob.core.windows.net/");
    private static readonly Uri TableEndpoint = new("https://imagegridtest.table.core.windows.net/");

    [Fact]
    public async Task Membership_reminders_and_grain_storage_use_the_configured_endpoints()
    {
        var builder = WebApplication.CreateBuilder(
        [
            "--Storage:Provider=AzureStorage",
            $"--Storage:BlobServiceUri={BlobEndpoint}",
            $"--Storage:TableServiceUri={TableEndpoint}",
            "--Orleans:AdvertisedIP=127.0.0.1",
        ]);
        builder.AddImageGridSilo();
        await using var app = builder.Build();

        Assert.Equal(TableEndpoint, app.Services.GetRequiredService<IOptions<AzureStorageClusteringOptions>>().Value.TableServiceClient!.Uri);
        Assert.Equal(TableEndpoint, app.Services.GetRequiredService<IOptions<AzureTableReminderStorageOptions>>().Value.TableServiceClient!.Uri);
        var blobs = app.Services.GetRequiredService<IOptionsMonitor<AzureBlobStorageOptions>>();
        var tables = app.Services.GetRequiredService<IOptionsMonitor<AzureTableStorageOptions>>();
        foreach (var name in new[] { StorageNames.Tasks, StorageNames.Accounts, StorageNames.TaskIndex })
        {
            Assert.Equal(BlobEndpoint, blobs.Get(name).BlobServiceClient!.Uri);
        }

        foreach (var name in new[] { StorageNames.ApiKeys, StorageNames.Idempotency, StorageNames.Uploads, StorageNames.ReferenceUrls })
        {
            Assert.Equal(TableEndpoint, tables.Get(name).TableServiceClient!.Uri);
        }
    }
}
