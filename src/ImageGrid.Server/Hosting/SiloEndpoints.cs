using System.Net;
using Orleans.Configuration;
using Orleans.Hosting.Kubernetes;

namespace ImageGrid.Server.Hosting;

/// <summary>
/// Where the co-hosted silo listens. Silo-to-silo traffic is not authenticated, so the silo port is bound to the
/// advertised address only, and there is no Orleans gateway: gRPC runs in the silo's own process, so no Orleans client
/// ever connects from outside.
/// </summary>
public static class SiloEndpoints
{
    /// <summary>Orleans' "no gateway": no gateway listener, and no gateway address in the membership table.</summary>
    public const int NoGateway = 0;

    /// <summary>Endpoints for Azure Storage clustering, from the pod on Kubernetes or from the options elsewhere.</summary>
    public static ISiloBuilder ConfigureClusterEndpoints(this ISiloBuilder orleans, SiloOptions silo)
    {
        if (silo.Kubernetes)
        {
            // The hosting package listens on 0.0.0.0 inside the pod's own network namespace, which holds only the pod
            // IP and the pod's loopback; the NetworkPolicy in k8s/ limits who reaches the port. It would advertise
            // POD_IP only if nothing had chosen an address before it, but Orleans' own default (an address it picks
            // from the machine's interfaces) runs first, so POD_IP is set here.
            orleans.UseKubernetesHosting();
            var podIp = orleans.Configuration[KubernetesHostingOptions.PodIPEnvironmentVariable];
            return orleans.Configure<EndpointOptions>(endpoints =>
            {
                if (IPAddress.TryParse(podIp, out var address))
                {
                    endpoints.AdvertisedIPAddress = address;
                }

                endpoints.SiloPort = silo.SiloPort;
                endpoints.GatewayPort = NoGateway;
            });
        }

        orleans.Configure<ClusterOptions>(cluster =>
        {
            cluster.ClusterId = silo.ClusterId;
            cluster.ServiceId = silo.ServiceId;
        });
        return orleans.ConfigureEndpoints(IPAddress.Parse(silo.AdvertisedIP), silo.SiloPort, NoGateway, listenOnAnyHostAddress: false);
    }
}
