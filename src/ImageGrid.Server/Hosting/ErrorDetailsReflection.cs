using System.Reflection;
using Google.Protobuf.Reflection;
using Grpc.AspNetCore.Server;
using Grpc.Reflection;
using ServiceDescriptor = Google.Protobuf.Reflection.ServiceDescriptor;

namespace ImageGrid.Server.Hosting;

/// <summary>
/// Server reflection (grpc.reflection.v1 and v1alpha) over the services this server maps plus the google.rpc messages
/// its errors carry: google.rpc.Status in the <c>grpc-status-details-bin</c> trailer and google.rpc.BadRequest inside
/// it, so a client that takes its types from reflection can decode error details too. The package's
/// <c>AddGrpcReflection</c> knows services only and registers its implementations with TryAdd, so the ones registered
/// here first take their place.
/// </summary>
public static class ErrorDetailsReflection
{
    /// <summary>google/rpc/status.proto and google/rpc/error_details.proto, as shipped in protos/.</summary>
    public static readonly IReadOnlyList<FileDescriptor> ErrorDetailFiles =
    [
        Google.Rpc.StatusReflection.Descriptor,
        Google.Rpc.ErrorDetailsReflection.Descriptor,
    ];

    public static IServiceCollection AddGrpcReflectionWithErrorDetails(this IServiceCollection services)
    {
        services.AddSingleton(provider => Build(provider, (names, registry) => new ReflectionServiceImpl(names, registry)));
        services.AddSingleton(provider => Build(provider, (names, registry) => new ReflectionV1ServiceImpl(names, registry)));
        return services.AddGrpcReflection();
    }

    private static T Build<T>(IServiceProvider provider, Func<IEnumerable<string>, SymbolRegistry, T> create)
    {
        var serviceDescriptors = provider.GetRequiredService<EndpointDataSource>().Endpoints
            .Select(endpoint => endpoint.Metadata.GetMetadata<GrpcMethodMetadata>()?.ServiceType)
            .OfType<Type>()
            .Distinct()
            .Select(DescriptorOf)
            .OfType<ServiceDescriptor>()
            .ToList();
        var registry = SymbolRegistry.FromFiles(serviceDescriptors.Select(service => service.File).Concat(ErrorDetailFiles));
        return create(serviceDescriptors.Select(service => service.FullName), registry);
    }

    /// <summary>
    /// A service implementation derives (maybe through more classes) from the generated base class, which is nested in
    /// the generated static class that has the <c>Descriptor</c> property.
    /// </summary>
    private static ServiceDescriptor? DescriptorOf(Type serviceType)
    {
        var baseType = serviceType.BaseType;
        while (baseType?.BaseType?.BaseType is not null)
        {
            baseType = baseType.BaseType;
        }

        return baseType?.DeclaringType?.GetProperty("Descriptor", BindingFlags.Public | BindingFlags.Static)?.GetValue(null) as ServiceDescriptor;
    }
}
