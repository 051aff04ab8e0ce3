using System.Reflection;
using Grpc.AspNetCore.Server.Model;
using Grpc.Core;

namespace ImageGrid.Server.Grpc;

/// <summary>
/// Binds the methods of <typeparamref name="TService"/> with request deserializers that answer an undecodable message
/// INTERNAL (<see cref="RequestDecoding"/>). grpc-dotnet offers no hook into its own binding, which also runs, so these
/// endpoints carry <see cref="DecodingEndpoint"/> and are ordered before its (<see cref="DecodingEndpointConventions"/>).
/// </summary>
public sealed class DecodingServiceMethodProvider<TService>(Action<ServiceBinderBase> bindService, ILogger<TService> logger)
    : IServiceMethodProvider<TService>
    where TService : class
{
    public void OnServiceMethodDiscovery(ServiceMethodProviderContext<TService> context) => bindService(new Binder(context, logger));

    private sealed class Binder(ServiceMethodProviderContext<TService> context, ILogger logger) : ServiceBinderBase
    {
        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, UnaryServerMethod<TRequest, TResponse>? handler)
        {
            var (invoker, metadata) = Bind<UnaryServerMethod<TService, TRequest, TResponse>>(method.Name, typeof(TRequest), typeof(ServerCallContext));
            context.AddUnaryMethod(RequestDecoding.AnswerUndecodableAsInternal(method, logger), metadata, invoker);
        }

        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, ServerStreamingServerMethod<TRequest, TResponse>? handler)
        {
            var (invoker, metadata) = Bind<ServerStreamingServerMethod<TService, TRequest, TResponse>>(
                method.Name, typeof(TRequest), typeof(IServerStreamWriter<TResponse>), typeof(ServerCallContext));
            context.AddServerStreamingMethod(RequestDecoding.AnswerUndecodableAsInternal(method, logger), metadata, invoker);
        }

        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, ClientStreamingServerMethod<TRequest, TResponse>? handler)
        {
            var (invoker, metadata) = Bind<ClientStreamingServerMethod<TService, TRequest, TResponse>>(
                method.Name, typeof(IAsyncStreamReader<TRequest>), typeof(ServerCallContext));
            context.AddClientStreamingMethod(RequestDecoding.AnswerUndecodableAsInternal(method, logger), metadata, invoker);
        }

        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, DuplexStreamingServerMethod<TRequest, TResponse>? handler)
        {
            var (invoker, metadata) = Bind<DuplexStreamingServerMethod<TService, TRequest, TResponse>>(
                method.Name, typeof(IAsyncStreamReader<TRequest>), typeof(IServerStreamWriter<TResponse>), typeof(ServerCallContext));
            context.AddDuplexStreamingMethod(RequestDecoding.AnswerUndecodableAsInternal(method, logger), metadata, invoker);
        }

        /// <summary>The service's override of the method, and the metadata grpc-dotnet's own binding gives its endpoint.</summary>
        private static (TInvoker Invoker, List<object> Metadata) Bind<TInvoker>(string name, params Type[] parameters)
            where TInvoker : Delegate
        {
            var handler = typeof(TService).GetMethod(name, BindingFlags.Public | BindingFlags.Instance, parameters)
                ?? throw new InvalidOperationException($"{typeof(TService).Name} has no method {name}.");
            List<object> metadata =
            [
                .. typeof(TService).GetCustomAttributes(inherit: true),
                .. handler.GetCustomAttributes(inherit: true),
                new HttpMethodMetadata(["POST"], acceptCorsPreflight: true),
                DecodingEndpoint.Instance,
            ];
            return ((TInvoker)Delegate.CreateDelegate(typeof(TInvoker), handler), metadata);
        }
    }
}
