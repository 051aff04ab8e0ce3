namespace ImageGrid.Server.Hosting;

/// <summary>
/// Keeps a failed start to the one line <see cref="StartupFailures"/> prints. While the server starts, the host and the
/// silo would each log the exception that stops it, with its stack trace, at Error (three or four copies); once the
/// start has failed, the teardown of the half-started host adds its own lines. This drops exactly those: Error and above
/// from the categories that repeat the exception while starting, and everything after a failed start.
/// </summary>
public sealed class StartupLogFilter
{
    private static readonly HashSet<string> CategoriesRepeatingTheFailure =
    [
        "Microsoft.Extensions.Hosting.Internal.Host",
        "Orleans.Runtime.Silo",
        "Orleans.Runtime.SiloLifecycleSubject",
    ];

    private const int Starting = 0;
    private const int Started = 1;
    private const int Failed = 2;
    private int _phase = Starting;

    /// <summary>
    /// Adds the filter to every logging rule the configuration makes (one rule applies per category, so a rule of its
    /// own would replace the configured levels), and a catch-all rule at the configured minimum when there is none.
    /// </summary>
    public static StartupLogFilter AddTo(WebApplicationBuilder builder)
    {
        var filter = new StartupLogFilter();
        builder.Services.PostConfigure<LoggerFilterOptions>(options =>
        {
            var rules = options.Rules.ToList();
            if (!rules.Any(rule => rule.ProviderName is null && rule.CategoryName is null))
            {
                rules.Insert(0, new LoggerFilterRule(null, null, null, null));
            }

            options.Rules.Clear();
            foreach (var rule in rules)
            {
                options.Rules.Add(new LoggerFilterRule(rule.ProviderName, rule.CategoryName, rule.LogLevel,
                    (provider, category, level) => filter.Allows(category, level) && (rule.Filter?.Invoke(provider, category, level) ?? true)));
            }
        });
        return filter;
    }

    public void OnStarted() => Interlocked.CompareExchange(ref _phase, Started, Starting);

    public void OnFailed() => Volatile.Write(ref _phase, Failed);

    private bool Allows(string? category, LogLevel level) => Volatile.Read(ref _phase) switch
    {
        Starting => level < LogLevel.Error || category is null || !CategoriesRepeatingTheFailure.Contains(category),
        Failed => false,
        _ => true,
    };
}
