namespace ImageGrid.Rivya.Budget;

/// <summary>
/// Takes the budget's permit for a request's first attempt unless the caller already holds it (<see cref="PermitHeld"/>:
/// <see cref="RivyaClient"/> waits for it before sending, outside every timeout); it sits outside the pipeline's
/// timeouts, inside the outage circuit, so a call the circuit holds back takes no permit. The pipeline's retries take
/// a permit each too (see <see cref="RivyaServiceCollectionExtensions"/>).
/// </summary>
internal sealed class RivyaBudgetHandler(RivyaRequestBudget budget) : DelegatingHandler
{
    /// <summary>When a polled task is expected to have changed: the earliest goes first among waiting polls.</summary>
    public static readonly HttpRequestOptionsKey<DateTimeOffset> ExpectedBy = new("imagegrid.rivya.expected-by");

    /// <summary>Set when the caller took the first attempt's permit before sending (see <see cref="RivyaClient"/>).</summary>
    public static readonly HttpRequestOptionsKey<bool> PermitHeld = new("imagegrid.rivya.permit-held");

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (!request.Options.TryGetValue(PermitHeld, out var held) || !held)
        {
            await AcquireAsync(budget, request, cancellationToken).ConfigureAwait(false);
        }

        return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }

    public static ValueTask AcquireAsync(RivyaRequestBudget budget, HttpRequestMessage request, CancellationToken cancellationToken) =>
        budget.AcquireAsync(KindOf(request), request.Options.TryGetValue(ExpectedBy, out var expectedBy) ? expectedBy : DateTimeOffset.MaxValue, cancellationToken);

    public static RivyaRequestKind KindOf(HttpRequestMessage request) =>
        request.Method == HttpMethod.Get ? RivyaRequestKind.Poll
        : request.RequestUri?.OriginalString.Contains("files", StringComparison.Ordinal) == true ? RivyaRequestKind.Upload
        : RivyaRequestKind.Create;
}
