using ImageGrid.Grains;
using Orleans.Storage;

namespace ImageGrid.Server.Hosting;

public static class OrleansHostingExtensions
{
    /// <summary>
    /// Co-hosts the Orleans silo. The settings are read here, before UseOrleans, because its callback runs at once.
    /// </summary>
    public static WebApplicationBuilder AddImageGridSilo(this WebApplicationBuilder builder)
    {
        var silo = builder.Configuration.GetSection(SiloOptions.SectionName).Get<SiloOptions>() ?? new SiloOptions();
        builder.UseOrleans(orleans =>
        {
            orleans.UseLocalhostClustering(silo.SiloPort, silo.GatewayPort, serviceId: silo.ServiceId, clusterId: silo.ClusterId);
            foreach (var storage in StorageNames.All)
            {
                orleans.AddMemoryGrainStorage(storage);
            }

            orleans.UseInMemoryReminderService();
            // Grain state is stored with the Orleans serializer: the same [GenerateSerializer]/[Id] contracts that
            // cross grain boundaries, version tolerant, and able to round-trip immutable collections (JSON is not).
            orleans.Services.AddSingleton<IGrainStorageSerializer, OrleansGrainStorageSerializer>();
        });
        builder.Services.AddImageGridGrains();
        return builder;
    }
}
