using Orleans.Concurrency;

namespace ImageGrid.Grains.Accounts;

/// <summary>A server holding streams opened with a key, told by the key's grain when the key is revoked.</summary>
public interface IApiKeyRevocationObserver : IGrainObserver
{
    [OneWay]
    Task KeyRevoked(string keyHash);
}
