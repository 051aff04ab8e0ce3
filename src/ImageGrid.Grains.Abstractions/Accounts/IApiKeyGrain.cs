using Orleans.Concurrency;

namespace ImageGrid.Grains.Accounts;

/// <summary>One grain per API key, keyed by the key's SHA-256 hash (hex): resolves it to its account.</summary>
public interface IApiKeyGrain : IGrainWithStringKey
{
    Task RegisterAsync(string accountId, string keyId);

    /// <summary>The key's account, or null when the key is unknown or revoked.</summary>
    [AlwaysInterleave]
    Task<string?> ResolveAsync();

    /// <summary>
    /// Resolves the key like <see cref="ResolveAsync"/> and, while it is valid, tells <paramref name="observer"/> when it
    /// is revoked. The subscription is kept in memory only, so observers renew it by calling again (at least every 5
    /// minutes) and still learn of a revocation from the answer if a notification was lost.
    /// </summary>
    [AlwaysInterleave]
    Task<string?> ResolveAndObserveAsync(IApiKeyRevocationObserver observer);

    Task RevokeAsync();
}
