namespace ImageGrid.Rivya.Simulator.Control;

/// <summary>
/// Totals since start: tasks created, and create/status/upload requests that reached their endpoint (authenticated and within
/// the rate limit; requests answered by an injected fault count too).
/// </summary>
/// <param name="RateLimitedRequests">Requests the per-key rate limiter refused (429 <c>rate_limited</c>); not in the counts above.</param>
/// <param name="InjectedRateLimitedRequests">429 <c>rate_limited</c> answers from armed faults, counted apart; also in the counts above.</param>
/// <param name="BusiestSecond">The second with the most requests that reached the API endpoints (creates, polls, uploads; the
/// counts above), so at most the rate limit's permits per second plus its burst.</param>
/// <param name="BusiestSecondWithRefused">The same with the requests the rate limiter refused: what the clients sent.</param>
public sealed record SimulatorStatsSnapshot(
    long TasksCreated,
    long CreateRequests,
    long PollRequests,
    long UploadRequests,
    long RateLimitedRequests,
    long InjectedRateLimitedRequests,
    BusiestSecond BusiestSecond,
    BusiestSecond BusiestSecondWithRefused);
