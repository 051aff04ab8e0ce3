using System.Net;
using Microsoft.Extensions.Options;

namespace ImageGrid.Rivya.Budget;

/// <summary>
/// Innermost handler of the Rivya client: sees every answer, retries included, and tells the budget of each 429, a
/// congestion signal for the whole key (the budget holds every request back and the cluster lowers its rate).
/// </summary>
internal sealed class RivyaCongestionHandler(RivyaRequestBudget budget, IOptionsMonitor<RivyaOptions> options) : DelegatingHandler
{
    private static readonly TimeSpan DefaultWait = TimeSpan.FromSeconds(1);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.TooManyRequests)
        {
            var max = options.CurrentValue.MaxRetryAfter;
            var wait = RivyaErrorMapper.ReadRetryAfter(response) ?? DefaultWait;
            budget.ReportRateLimited(wait > max ? max : wait);
        }

        return response;
    }
}
