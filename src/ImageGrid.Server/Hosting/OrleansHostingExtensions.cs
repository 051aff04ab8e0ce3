using Azure.Identity;
using ImageGrid.Grains;
using Orleans.Configuration;
using Orleans.Runtime.Hosting;
using Orleans.Serialization;
using Orleans.Storage;

namespace ImageGrid.Server.Hosting;

public static class OrleansHostingExtensions
{
    /// <summary>
    /// Records that can outgrow a table entity go to blobs: a task (a 20000-character prompt, references and versions),
    /// an account's checkpoint (its open reservations: large with many tasks in flight) and the ledger and index
    /// segments (512 entries each). Small fixed-size records go to tables.
    /// </summary>
    private static readonly IReadOnlySet<string> BlobStorages = new HashSet<string> { StorageNames.Tasks, StorageNames.Accounts, StorageNames.TaskIndex };

    /// <summary>
    /// Co-hosts the Orleans silo. The settings are read here, before UseOrleans, because its callback runs at once.
    /// </summary>
    /// <param name="propagateTraces">Grain calls carry the caller's trace context (only worth it while traces are exported).</param>
    public static WebApplicationBuilder AddImageGridSilo(this WebApplicationBuilder builder, bool propagateTraces = false)
    {
        var silo = builder.Configuration.GetSection(SiloOptions.SectionName).Get<SiloOptions>() ?? new SiloOptions();
        var storage = builder.Configuration.GetSection(StorageOptions.SectionName).Get<StorageOptions>() ?? new StorageOptions();
        builder.UseOrleans(orleans =>
        {
            if (propagateTraces)
            {
                orleans.AddActivityPropagation();
            }

            if (storage.Provider == StorageProvider.AzureStorage)
            {
                UseAzureStorage(orleans, silo, StorageAccess.From(storage, () => new DefaultAzureCredential()));
            }
            else
            {
                orleans.UseLocalhostClustering(silo.SiloPort, SiloEndpoints.NoGateway, serviceId: silo.ServiceId, clusterId: silo.ClusterId);
                foreach (var name in StorageNames.All)
                {
                    orleans.Services.AddGrainStorage(name, (services, _) => new InProcessGrainStorage(services.GetRequiredService<DeepCopier>()));
                }

                orleans.UseInMemoryReminderService();
            }

            // Grain state is stored with the Orleans serializer: the same [GenerateSerializer]/[Id] contracts that
            // cross grain boundaries, version tolerant, and able to round-trip immutable collections (JSON is not).
            orleans.Services.AddSingleton<IGrainStorageSerializer, OrleansGrainStorageSerializer>();
        });
        // Failure detection (probe timeouts and limits) is tunable for tests; production keeps Orleans' defaults.
        builder.Services.Configure<ClusterMembershipOptions>(builder.Configuration.GetSection("Orleans:Membership"));
        builder.Services.AddImageGridGrains();
        return builder;
    }

    /// <summary>
    /// The clients are built here rather than with the providers' ConfigureTableServiceClient(Uri, TokenCredential), so
    /// that both ways of reaching storage keep StorageClients' fail-fast retries.
    /// </summary>
    private static void UseAzureStorage(ISiloBuilder orleans, SiloOptions silo, StorageAccess storage)
    {
        orleans.ConfigureClusterEndpoints(silo);
        orleans.UseAzureStorageClustering(options => options.TableServiceClient = storage.Tables());
        orleans.UseAzureTableReminderService(options => options.TableServiceClient = storage.Tables());
        foreach (var name in StorageNames.All)
        {
            if (BlobStorages.Contains(name))
            {
                orleans.AddAzureBlobGrainStorage(name, options =>
                {
                    options.BlobServiceClient = storage.Blobs();
                    options.ContainerName = $"imagegrid-{name}";
                });
            }
            else
            {
                orleans.AddAzureTableGrainStorage(name, options =>
                {
                    options.TableServiceClient = storage.Tables();
                    options.TableName = $"imagegrid{name}";
                });
            }
        }
    }
}
