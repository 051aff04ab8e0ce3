using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace ImageGrid.Rivya.Simulator.Accounts;

/// <summary>Accounts by API key, opened on first use with the configured initial credits.</summary>
internal sealed class AccountBook(IOptions<SimulatorOptions> options)
{
    private readonly ConcurrentDictionary<string, Account> accounts = new(StringComparer.Ordinal);

    public Account For(string apiKey) => accounts.GetOrAdd(apiKey, static (_, credits) => new Account(credits), options.Value.InitialCredits);
}
