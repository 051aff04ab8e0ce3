using ImageGrid.Grains.Accounts;
using ImageGrid.Grains.Diagnostics;
using ImageGrid.Grains.Scheduling;
using ImageGrid.Grains.TaskIndex;
using ImageGrid.Rivya;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Storage;
using Orleans.TestingHost;

namespace ImageGrid.Grains.Tests.Accounts;

/// <summary>
/// One in-process silo with every ImageGrid storage on a <see cref="ControllableGrainStorage"/> and in-memory
/// reminders. Reservations count as orphan candidates at any age, so a reconcile tick can be driven directly.
/// </summary>
public sealed class AccountClusterFixture : IAsyncLifetime
{
    public InProcessTestCluster Cluster { get; private set; } = null!;

    public IClusterClient Client => Cluster.Client;

    public IServiceProvider Silo => Cluster.Silos[0].ServiceProvider;

    public ControllableGrainStorage Storage => Silo.GetRequiredService<ControllableGrainStorage>();

    public async Task InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.UseInMemoryReminderService();
            silo.Services.AddSingleton<ControllableGrainStorage>();
            foreach (var name in StorageNames.All)
            {
                silo.Services.AddKeyedSingleton<IGrainStorage>(name, (services, _) => services.GetRequiredService<ControllableGrainStorage>());
            }

            silo.Services.TryAddSingleton(TimeProvider.System);
            silo.Services.AddSingleton<UpstreamAccountStatus>();
            silo.Services.AddSingleton<TaskDurations>();
            silo.Services.AddMetrics();
            silo.Services.AddSingleton<TaskMetrics>();
            silo.Services.AddSingleton<CreditMetrics>();
            silo.Services.AddSingleton<ReservationBatcher>();
            silo.Services.AddSingleton<ReservationCloseBatcher>();
            silo.Services.AddSingleton<IndexPublicationBatcher>();
            silo.Services.AddSingleton<IRivyaClient, UnusedRivyaClient>();
            silo.Services.Configure<AccountOptions>(options => options.OrphanReservationAge = TimeSpan.Zero);
        });
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async Task DisposeAsync() => await Cluster.DisposeAsync();

    /// <summary>Task grains here are only ever read from storage, never submitted.</summary>
    private sealed class UnusedRivyaClient : IRivyaClient
    {
        public Task<RivyaTask> CreateTaskAsync(RivyaCreateTaskRequest request, CancellationToken cancellationToken) =>
            throw new NotSupportedException();

        public Task<RivyaTask> GetTaskAsync(string taskId, CancellationToken cancellationToken) =>
            throw new NotSupportedException();

        public Task<RivyaFile> UploadFileAsync(Stream content, string fileName, string mimeType, string kind, CancellationToken cancellationToken) =>
            throw new NotSupportedException();
    }
}

[CollectionDefinition(Name)]
public sealed class AccountClusterCollection : ICollectionFixture<AccountClusterFixture>
{
    public const string Name = "Account cluster";
}
