namespace ImageGrid.Rivya.Budget;

/// <summary>
/// Outermost handler of the Rivya client: a request waits here for a permit of the budget before its first attempt,
/// outside the pipeline's timeouts, so time in the queue never counts as a slow Rivya. The pipeline's retries take a
/// permit each too (see <see cref="RivyaServiceCollectionExtensions"/>).
/// </summary>
internal sealed class RivyaBudgetHandler(RivyaRequestBudget budget) : DelegatingHandler
{
    /// <summary>When a polled task is expected to have changed: the earliest goes first among waiting polls.</summary>
    public static readonly HttpRequestOptionsKey<DateTimeOffset> ExpectedBy = new("imagegrid.rivya.expected-by");

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        await AcquireAsync(budget, request, cancellationToken);
        return await base.SendAsync(request, cancellationToken);
    }

    public static ValueTask AcquireAsync(RivyaRequestBudget budget, HttpRequestMessage request, CancellationToken cancellationToken) =>
        budget.AcquireAsync(KindOf(request), request.Options.TryGetValue(ExpectedBy, out var expectedBy) ? expectedBy : DateTimeOffset.MaxValue, cancellationToken);

    public static RivyaRequestKind KindOf(HttpRequestMessage request) =>
        request.Method == HttpMethod.Get ? RivyaRequestKind.Poll
        : request.RequestUri?.OriginalString.Contains("files", StringComparison.Ordinal) == true ? RivyaRequestKind.Upload
        : RivyaRequestKind.Create;
}
