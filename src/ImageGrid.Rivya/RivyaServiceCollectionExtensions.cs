using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using System.Diagnostics.Metrics;
using ImageGrid.Rivya.Budget;
using ImageGrid.Rivya.Diagnostics;
using Polly;

namespace ImageGrid.Rivya;

public static class RivyaServiceCollectionExtensions
{
    private const string PipelineName = "rivya";
    private const string OutagePipelineName = "rivya-outage";
    private const string ClientName = "rivya";

    /// <summary>
    /// Registers <see cref="IRivyaClient"/> as one shared client over a named <see cref="HttpClient"/> with options
    /// from the <c>Rivya</c> section (then <paramref name="configure"/>), validated on start, and a pipeline of total timeout, retry
    /// (exponential backoff with jitter for transient failures without Retry-After; an answer with Retry-After goes back to the caller) and
    /// attempt timeout; outside it all, the outage circuit (<see cref="RivyaOutageCircuit"/>) and the request budget.
    /// One client for the whole silo rather than a typed client per consumer: every task grain takes one, and a typed
    /// client would be an HttpClient (with its own base address and cancellation source) per task in memory. Its
    /// handler lives as long as the silo; connections are still renewed (<c>PooledConnectionLifetime</c>).
    /// </summary>
    public static IHttpClientBuilder AddRivyaClient(this IServiceCollection services, Action<RivyaOptions>? configure = null)
    {
        var options = services.AddOptions<RivyaOptions>()
            .BindConfiguration(RivyaOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.AddSingleton(static provider =>
        {
            var current = provider.GetRequiredService<IOptions<RivyaOptions>>().Value;
            return new RivyaRequestBudget(
                current.RequestsPerSecond, current.Burst, provider.GetService<TimeProvider>() ?? TimeProvider.System, provider.GetService<IMeterFactory>());
        });
        services.AddSingleton(static provider => new RivyaOutageCircuit(
            provider.GetService<TimeProvider>() ?? TimeProvider.System,
            provider.GetService<ILogger<RivyaOutageCircuit>>() ?? NullLogger<RivyaOutageCircuit>.Instance,
            provider.GetService<IMeterFactory>()));
        services.AddMetrics();
        services.AddSingleton(static provider => new RivyaMetrics(provider.GetRequiredService<IMeterFactory>()));
        services.AddSingleton<IRivyaClient>(static provider => new RivyaClient(
            provider.GetRequiredService<IHttpClientFactory>().CreateClient(ClientName),
            provider.GetRequiredService<IOptionsMonitor<RivyaOptions>>(),
            provider.GetRequiredService<RivyaMetrics>(),
            provider.GetRequiredService<RivyaRequestBudget>(),
            provider.GetRequiredService<RivyaOutageCircuit>()));
        var client = services.AddHttpClient(ClientName, static (provider, http) =>
        {
            var current = provider.GetRequiredService<IOptionsMonitor<RivyaOptions>>().CurrentValue;
            var baseUrl = current.BaseUrl!;
            http.BaseAddress = new Uri(baseUrl.EndsWith('/') ? baseUrl : baseUrl + "/");
            // The pipeline's total timeout governs; this one also bounds reading the body, which happens after it.
            http.Timeout = current.TotalRequestTimeout;
        });

        client.ConfigurePrimaryHttpMessageHandler(static provider => new SocketsHttpHandler
        {
            MaxConnectionsPerServer = provider.GetRequiredService<IOptions<RivyaOptions>>().Value.MaxConnections,
            // Connections are renewed now and then, so a DNS change of Rivya's host is followed.
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            // The host's meters, so that each host in a process (tests) reports only its own requests.
            MeterFactory = provider.GetService<IMeterFactory>(),
        });
        client.RedactLoggedHeaders(static _ => true);
        // Outermost, so that a call held back during an outage takes no permit of the budget and never waits in its queue.
        client.AddResilienceHandler(OutagePipelineName, static (pipeline, context) =>
            pipeline.AddCircuitBreaker(context.ServiceProvider.GetRequiredService<RivyaOutageCircuit>()
                .CreateStrategy(context.ServiceProvider.GetRequiredService<IOptions<RivyaOptions>>().Value)));
        client.AddHttpMessageHandler(static provider => new RivyaBudgetHandler(provider.GetRequiredService<RivyaRequestBudget>()));
        client.AddResilienceHandler(PipelineName, static (pipeline, context) =>
        {
            context.EnableReloads<RivyaOptions>();
            var current = context.GetOptions<RivyaOptions>();

            pipeline.AddTimeout(new HttpTimeoutStrategyOptions { Name = "total", Timeout = current.TotalRequestTimeout });
            if (current.MaxRetryAttempts > 0)
            {
                pipeline.AddRetry(CreateRetry(
                    current,
                    context.ServiceProvider.GetRequiredService<RivyaRequestBudget>(),
                    context.ServiceProvider.GetRequiredService<RivyaOutageCircuit>(),
                    context.ServiceProvider.GetRequiredService<RivyaMetrics>()));
            }

            pipeline.AddTimeout(new HttpTimeoutStrategyOptions { Name = "attempt", Timeout = current.AttemptTimeout });
        });
        client.AddHttpMessageHandler(static provider => new RivyaCongestionHandler(
            provider.GetRequiredService<RivyaRequestBudget>(), provider.GetRequiredService<IOptionsMonitor<RivyaOptions>>()));

        return client;
    }

    private static HttpRetryStrategyOptions CreateRetry(RivyaOptions options, RivyaRequestBudget budget, RivyaOutageCircuit circuit, RivyaMetrics metrics) => new()
    {
        // POST is retried too: Rivya dedupes creates by client_request_id (docs/rivya-contract.md, B6).
        MaxRetryAttempts = options.MaxRetryAttempts,
        Delay = options.RetryBaseDelay,
        // Once Rivya counts as out, nothing is retried: the probe is a single request, and calls in flight when the
        // circuit opened end instead of retrying into the outage.
        ShouldHandle = args => ValueTask.FromResult(
            HttpClientResiliencePredicates.IsTransient(args.Outcome) && !CarriesRetryAfter(args.Outcome) && !circuit.HoldsCallsBack),
        // A retry is a request to Rivya like any other: it takes a permit of the budget.
        OnRetry = args =>
        {
            if (args.Context.GetRequestMessage() is not { } request)
            {
                return ValueTask.CompletedTask;
            }

            metrics.Retried(RivyaBudgetHandler.KindOf(request));
            return RivyaBudgetHandler.AcquireAsync(budget, request, args.Context.CancellationToken);
        },
    };

    // An answer with Retry-After is handed back at once with RivyaApiException.RetryAfter set: the caller that owns the
    // work schedules the next request. Waiting here could be cut short by the caller's deadline or the total timeout,
    // and the caller would then retry without knowing it had been asked to wait.
    private static bool CarriesRetryAfter(Outcome<HttpResponseMessage> outcome) =>
        outcome.Result is { } response && RivyaErrorMapper.ReadRetryAfter(response) is not null;
}
