using Microsoft.Extensions.Logging;
using Orleans.Utilities;

namespace ImageGrid.Grains.Accounts;

/// <summary>
/// One activation per API key, keyed by the key's SHA-256 hash: resolves the key to its account until it is revoked.
/// A key belongs to one account for good, and a revocation is final. The servers holding streams opened with the key
/// observe it, and hear of its revocation at once.
/// </summary>
public sealed partial class ApiKeyGrain(
    [PersistentState("apikey", StorageNames.ApiKeys)] IPersistentState<ApiKeyState> state,
    TimeProvider time,
    ILogger<ApiKeyGrain> logger) : Grain, IApiKeyGrain
{
    /// <summary>Observers renew their subscription far more often than this (every few seconds).</summary>
    private static readonly TimeSpan ObserverLease = TimeSpan.FromMinutes(5);

    private readonly ObserverManager<IApiKeyRevocationObserver> _observers = new(ObserverLease, logger);

    /// <exception cref="InvalidOperationException">The key is already registered to another account.</exception>
    public async Task RegisterAsync(string accountId, string keyId)
    {
        ArgumentException.ThrowIfNullOrEmpty(accountId);
        ArgumentException.ThrowIfNullOrEmpty(keyId);

        if (state.State.AccountId.Length > 0)
        {
            if (!string.Equals(state.State.AccountId, accountId, StringComparison.Ordinal))
            {
                // Name neither account: the caller must learn nothing about the other one.
                throw new InvalidOperationException("This API key is registered to another account.");
            }

            return;
        }

        state.State.AccountId = accountId;
        state.State.KeyId = keyId;
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            state.State.AccountId = "";
            state.State.KeyId = "";
            throw;
        }

        LogRegistered(accountId, keyId);
    }

    public Task<string?> ResolveAsync() =>
        Task.FromResult(state.State.AccountId.Length > 0 && state.State.RevokedAt is null ? state.State.AccountId : null);

    public Task<string?> ResolveAndObserveAsync(IApiKeyRevocationObserver observer)
    {
        ArgumentNullException.ThrowIfNull(observer);
        if (state.State.RevokedAt is null)
        {
            _observers.Subscribe(observer, observer);
        }

        return ResolveAsync();
    }

    /// <summary>Revokes the key for good; also a key not registered yet, so that a late registration stays revoked.</summary>
    public async Task RevokeAsync()
    {
        if (state.State.RevokedAt is not null)
        {
            return;
        }

        state.State.RevokedAt = time.GetUtcNow();
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            state.State.RevokedAt = null;
            throw;
        }

        LogRevoked(state.State.AccountId, state.State.KeyId);
        var keyHash = this.GetPrimaryKeyString();
        await _observers.Notify(observer => observer.KeyRevoked(keyHash));
        _observers.Clear();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "API key {KeyId} registered to account {AccountId}")]
    private partial void LogRegistered(string accountId, string keyId);

    [LoggerMessage(Level = LogLevel.Information, Message = "API key {KeyId} of account {AccountId} revoked")]
    private partial void LogRevoked(string accountId, string keyId);
}
