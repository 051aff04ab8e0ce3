using System.Net;
using ImageGrid.Server.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using EndpointOptions = Orleans.Configuration.EndpointOptions;
using Orleans.Hosting.Kubernetes;

namespace ImageGrid.Server.Tests.Unit;

/// <summary>
/// The endpoints Orleans resolves for each clustering mode, without starting a silo (Kubernetes mode needs a cluster to
/// start; its addresses are settled by options alone). The listeners themselves are checked on running processes in
/// Cluster/SiloListenerTests and Cluster/MemorySiloListenerTests.
/// </summary>
public sealed class SiloEndpointsTests
{
    [Fact]
    public void On_kubernetes_the_silo_advertises_the_pod_ip_on_its_configured_port_and_has_no_gateway()
    {
        // The hosting package reads the pod from the downward API's variables only (its options for them are internal).
        // Nothing else in this process reads them, and silo processes started meanwhile ignore them outside Kubernetes mode.
        EndpointOptions endpoints;
        Environment.SetEnvironmentVariable(KubernetesHostingOptions.PodIPEnvironmentVariable, "10.1.2.3");
        Environment.SetEnvironmentVariable(KubernetesHostingOptions.PodNameEnvironmentVariable, "imagegrid-0");
        Environment.SetEnvironmentVariable(KubernetesHostingOptions.PodNamespaceEnvironmentVariable, "imagegrid");
        try
        {
            endpoints = Resolve(new SiloOptions { Kubernetes = true, SiloPort = 11112 });
        }
        finally
        {
            Environment.SetEnvironmentVariable(KubernetesHostingOptions.PodIPEnvironmentVariable, null);
            Environment.SetEnvironmentVariable(KubernetesHostingOptions.PodNameEnvironmentVariable, null);
            Environment.SetEnvironmentVariable(KubernetesHostingOptions.PodNamespaceEnvironmentVariable, null);
        }

        Assert.Equal(IPAddress.Parse("10.1.2.3"), endpoints.AdvertisedIPAddress);
        Assert.Equal(11112, endpoints.SiloPort);
        // The hosting package's choice: every address of the pod's own network namespace, i.e. the pod IP and loopback.
        Assert.Equal(new IPEndPoint(IPAddress.Any, 11112), endpoints.SiloListeningEndpoint);
        Assert.Equal(SiloEndpoints.NoGateway, endpoints.GatewayPort);
        Assert.Null(endpoints.GatewayListeningEndpoint);
    }

    [Fact]
    public void Elsewhere_the_silo_listens_on_the_advertised_address_and_has_no_gateway()
    {
        var endpoints = Resolve(new SiloOptions { AdvertisedIP = "10.9.8.7", SiloPort = 11113 });

        Assert.Equal(IPAddress.Parse("10.9.8.7"), endpoints.AdvertisedIPAddress);
        Assert.Equal(11113, endpoints.SiloPort);
        // No listening endpoint of its own: Orleans listens on the advertised address and port.
        Assert.Null(endpoints.SiloListeningEndpoint);
        Assert.Equal(SiloEndpoints.NoGateway, endpoints.GatewayPort);
        Assert.Null(endpoints.GatewayListeningEndpoint);
    }

    private static EndpointOptions Resolve(SiloOptions silo)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.UseOrleans(orleans => orleans.ConfigureClusterEndpoints(silo));
        using var host = builder.Build();
        return host.Services.GetRequiredService<IOptions<EndpointOptions>>().Value;
    }
}
