using System.Collections.Frozen;
using System.Security.Cryptography;
using System.Text;

namespace ImageGrid.Server.Auth;

/// <summary>Resolves an API key to its account. Only SHA-256 hashes of the keys are held.</summary>
public sealed class ApiKeyRegistry(IEnumerable<KeyValuePair<string, string>> accountsByKey)
{
    private readonly FrozenDictionary<string, string> _accountsByHash =
        accountsByKey.ToFrozenDictionary(pair => Hash(pair.Key), pair => pair.Value, StringComparer.Ordinal);

    public bool TryResolve(string apiKey, out string accountId) =>
        _accountsByHash.TryGetValue(Hash(apiKey), out accountId!);

    private static string Hash(string apiKey) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(apiKey)));
}
