using ImageGrid.Rivya.Simulator.Control;
using ImageGrid.Rivya.Simulator.Http;

namespace ImageGrid.Rivya.Simulator.Faults;

/// <summary>Applies the next armed fault that matches a request to <paramref name="endpoint"/>, if any.</summary>
internal sealed class FaultInjectionFilter(RivyaEndpoint endpoint, Func<EndpointFilterInvocationContext, FaultTarget> describeTarget)
    : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var services = context.HttpContext.RequestServices;
        var fault = services.GetRequiredService<FaultBook>().TryConsume(endpoint, describeTarget(context));
        switch (fault?.Kind)
        {
            case null:
                return await next(context);
            case FaultKind.HttpError:
                return ApiErrorResult.ForStatus(fault.Status, "Injected fault.");
            case FaultKind.RateLimit:
                services.GetRequiredService<SimulatorStats>().CountInjectedRateLimit();
                return ApiErrorResult.RateLimited(fault.RetryAfterSeconds);
            case FaultKind.Latency:
                var time = services.GetRequiredService<TimeProvider>();
                await Task.Delay(TimeSpan.FromMilliseconds(fault.LatencyMs), time, context.HttpContext.RequestAborted);
                return await next(context);
            case FaultKind.DropResponse:
                await next(context);
                context.HttpContext.Abort();
                return Results.Empty;
            default:
                throw new InvalidOperationException($"Unknown fault kind {fault.Kind}.");
        }
    }
}
