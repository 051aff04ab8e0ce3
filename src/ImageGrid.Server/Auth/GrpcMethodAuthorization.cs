using Grpc.AspNetCore.Server;
using Microsoft.AspNetCore.Authorization;

namespace ImageGrid.Server.Auth;

public static class GrpcMethodAuthorization
{
    /// <summary>
    /// Requires <paramref name="policy"/> for the service's methods only. grpc-dotnet adds its catch-all endpoints (an
    /// unknown service, an unknown method) to the conventions of a mapped service; they stay anonymous and answer
    /// UNIMPLEMENTED, so that a client probing for a service (reflection v1 before v1alpha) is not told about keys.
    /// </summary>
    public static TBuilder RequireAuthorizationOnMethods<TBuilder>(this TBuilder builder, string policy)
        where TBuilder : IEndpointConventionBuilder
    {
        builder.Add(endpoint =>
        {
            if (endpoint.Metadata.Any(item => item is GrpcMethodMetadata))
            {
                endpoint.Metadata.Add(new AuthorizeAttribute(policy));
            }
        });
        return builder;
    }
}
