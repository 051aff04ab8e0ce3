using Grpc.AspNetCore.Server.Model;
using Grpc.Core;

namespace ImageGrid.Server.Grpc;

/// <summary>Marks the endpoints bound by <see cref="DecodingServiceMethodProvider{TService}"/>.</summary>
public sealed class DecodingEndpoint
{
    public static readonly DecodingEndpoint Instance = new();

    private DecodingEndpoint()
    {
    }
}

public static class DecodingEndpointConventions
{
    /// <summary>
    /// Binds <typeparamref name="TService"/> with request deserializers that answer an undecodable message INTERNAL;
    /// <paramref name="bindService"/> is the generated <c>BindService(ServiceBinderBase, ...Base)</c>.
    /// </summary>
    public static IServiceCollection AddDecodingMethods<TService>(this IServiceCollection services, Action<ServiceBinderBase> bindService)
        where TService : class =>
        services.AddSingleton<IServiceMethodProvider<TService>>(provider =>
            new DecodingServiceMethodProvider<TService>(bindService, provider.GetRequiredService<ILogger<TService>>()));

    /// <summary>
    /// Routes each call to the endpoint bound with the decoding deserializer: grpc-dotnet's own binding maps the same
    /// paths, and the lower order wins the match.
    /// </summary>
    public static TBuilder PreferDecodingEndpoints<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder
    {
        builder.Add(endpoint =>
        {
            if (endpoint is RouteEndpointBuilder route && route.Metadata.Contains(DecodingEndpoint.Instance))
            {
                route.Order = -1;
            }
        });
        return builder;
    }
}
