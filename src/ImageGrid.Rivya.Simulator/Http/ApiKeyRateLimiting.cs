using System.Threading.RateLimiting;
using ImageGrid.Rivya.Simulator.Control;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace ImageGrid.Rivya.Simulator.Http;

/// <summary>A token bucket per API key, answering 429 <c>rate_limited</c> with <c>Retry-After</c> when it is empty.</summary>
internal static class ApiKeyRateLimiting
{
    public const string PolicyName = "per-api-key";

    public static IServiceCollection AddApiKeyRateLimiting(this IServiceCollection services) =>
        services.AddRateLimiter(limiter =>
        {
            limiter.AddPolicy(PolicyName, httpContext =>
            {
                var options = httpContext.RequestServices.GetRequiredService<IOptions<SimulatorOptions>>().Value;
                return RateLimitPartition.GetTokenBucketLimiter(
                    httpContext.User.Identity?.Name ?? string.Empty,
                    _ => new TokenBucketRateLimiterOptions
                    {
                        TokenLimit = options.RateLimitBurst,
                        TokensPerPeriod = options.RateLimitPermitsPerSecond,
                        ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                        QueueLimit = 0,
                    });
            });
            limiter.OnRejected = (context, _) =>
            {
                context.HttpContext.RequestServices.GetRequiredService<SimulatorStats>().CountRateLimited();
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
                var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
                return new ValueTask(ApiErrorResult.RateLimited(seconds).ExecuteAsync(context.HttpContext));
            };
        });
}
