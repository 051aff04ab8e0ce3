using Google.Protobuf;
using Grpc.Core;

namespace ImageGrid.Server.Grpc;

/// <summary>
/// A method whose request deserializer answers an undecodable message with <see cref="UndecodableRequestException"/>
/// and one Debug line, instead of the exception that grpc-dotnet answers UNKNOWN and logs as an error with its stack
/// trace. Only a caller with a valid key gets this far: authorization runs before the body is read, so a call without
/// one is answered UNAUTHENTICATED whatever its body.
/// </summary>
public static partial class RequestDecoding
{
    public static Method<TRequest, TResponse> AnswerUndecodableAsInternal<TRequest, TResponse>(Method<TRequest, TResponse> method, ILogger logger)
        where TRequest : class
        where TResponse : class
    {
        var deserialize = method.RequestMarshaller.ContextualDeserializer;
        var messageType = typeof(TRequest).Name;
        var requestMarshaller = new Marshaller<TRequest>(method.RequestMarshaller.ContextualSerializer, context =>
        {
            try
            {
                return deserialize(context);
            }
            catch (Exception e) when (e is InvalidProtocolBufferException or System.Text.DecoderFallbackException)
            {
                LogUndecodable(logger, method.FullName, e.Message);
                throw new UndecodableRequestException(messageType);
            }
        });
        return new Method<TRequest, TResponse>(method.Type, method.ServiceName, method.Name, requestMarshaller, method.ResponseMarshaller);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Method}: the request message could not be decoded ({Reason}); answered INTERNAL")]
    private static partial void LogUndecodable(ILogger logger, string method, string reason);
}
