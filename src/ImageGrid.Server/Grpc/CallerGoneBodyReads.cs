using Grpc.AspNetCore.Server;
using Grpc.Core;
using Microsoft.AspNetCore.Http.Features;

namespace ImageGrid.Server.Grpc;

public static class CallerGoneBodyReads
{
    /// <summary>
    /// Gives every gRPC call a <see cref="CallerGoneBodyReader"/>, so that a call whose client left while its message
    /// was being read ends as cancelled, in at most one Debug line, not as an error with a stack trace.
    /// </summary>
    public static IApplicationBuilder UseCallerGoneBodyReads(this IApplicationBuilder app)
    {
        // A streamed request is read inside the service, where ErrorMappingInterceptor logs the call's end.
        var readBeforeService = new CallerGoneBodyReader.Outcome(
            app.ApplicationServices.GetRequiredService<CallOutcomeLog>(), CallerGoneBodyReader.AbortVisibleWithin);
        var readInService = new CallerGoneBodyReader.Outcome(null, CallerGoneBodyReader.AbortVisibleWithin);
        return app.Use((context, next) =>
        {
            if (context.GetEndpoint()?.Metadata.GetMetadata<GrpcMethodMetadata>() is { } grpc)
            {
                var outcome = grpc.Method.Type is MethodType.Unary or MethodType.ServerStreaming ? readBeforeService : readInService;
                context.Features.Set<IRequestBodyPipeFeature>(new Body(new CallerGoneBodyReader(context.Request.BodyReader, context, outcome)));
            }

            return next(context);
        });
    }

    private sealed class Body(CallerGoneBodyReader reader) : IRequestBodyPipeFeature
    {
        public System.IO.Pipelines.PipeReader Reader => reader;
    }
}
