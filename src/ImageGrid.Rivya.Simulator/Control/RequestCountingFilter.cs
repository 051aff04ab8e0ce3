namespace ImageGrid.Rivya.Simulator.Control;

/// <summary>Counts requests that reached <paramref name="endpoint"/>, before any injected fault answers them.</summary>
internal sealed class RequestCountingFilter(RivyaEndpoint endpoint) : IEndpointFilter
{
    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        context.HttpContext.RequestServices.GetRequiredService<SimulatorStats>().CountRequest(endpoint);
        return next(context);
    }
}
