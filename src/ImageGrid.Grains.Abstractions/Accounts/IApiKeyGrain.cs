using Orleans.Concurrency;

namespace ImageGrid.Grains.Accounts;

/// <summary>One grain per API key, keyed by the key's SHA-256 hash (hex): resolves it to its account.</summary>
public interface IApiKeyGrain : IGrainWithStringKey
{
    Task RegisterAsync(string accountId, string keyId);

    /// <summary>The key's account, or null when the key is unknown or revoked.</summary>
    [AlwaysInterleave]
    Task<string?> ResolveAsync();

    Task RevokeAsync();
}
