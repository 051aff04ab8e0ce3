using ImageGrid.Rivya.Budget;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ImageGrid.Rivya.Tests.Infrastructure;

/// <summary>
/// The client as the service gets it: through <see cref="RivyaServiceCollectionExtensions.AddRivyaClient"/>, with quick
/// backoff. The attempt timeout stays roomy so a cold first request on a busy machine is not mistaken for a slow Rivya;
/// tests about timeouts shorten it themselves.
/// </summary>
public sealed class TestClient : IAsyncDisposable
{
    public const string ApiKey = "sk-live-7f3c9a1e-do-not-leak";
    public const int MaxRetryAttempts = 2;

    private readonly ServiceProvider provider;

    private TestClient(ServiceProvider provider)
    {
        this.provider = provider;
        Client = provider.GetRequiredService<IRivyaClient>();
    }

    public IRivyaClient Client { get; }

    public RivyaOutageCircuit Circuit => provider.GetRequiredService<RivyaOutageCircuit>();

    public static TestClient Create(string baseUrl, Action<RivyaOptions>? adjust = null, ILoggerProvider? logs = null)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        services.AddLogging(logging =>
        {
            if (logs is not null)
            {
                logging.AddProvider(logs).SetMinimumLevel(LogLevel.Trace);
            }
        });
        services.AddRivyaClient(options =>
        {
            options.BaseUrl = baseUrl;
            options.ApiKey = ApiKey;
            options.AttemptTimeout = TimeSpan.FromSeconds(5);
            options.TotalRequestTimeout = TimeSpan.FromSeconds(20);
            options.MaxRetryAttempts = MaxRetryAttempts;
            options.RetryBaseDelay = TimeSpan.FromMilliseconds(10);
            options.MaxRetryAfter = TimeSpan.FromSeconds(2);
            adjust?.Invoke(options);
        });
        return new TestClient(services.BuildServiceProvider(validateScopes: true));
    }

    /// <summary>The client toward the shared simulator fixture, with one of its keys.</summary>
    public static TestClient For(SimulatorFixture simulator, string apiKey = SimulatorFixture.KeyA) =>
        Create(simulator.Url, options => options.ApiKey = apiKey);

    public ValueTask DisposeAsync() => provider.DisposeAsync();
}
