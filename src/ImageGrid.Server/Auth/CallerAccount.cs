using Grpc.Core;

namespace ImageGrid.Server.Auth;

/// <summary>
/// The account the caller's API key resolved to, and the key's hash, carried on the call by
/// <see cref="ApiKeyAuthInterceptor"/>.
/// </summary>
public static class CallerAccount
{
    private const string Key = "imagegrid.account";
    private const string KeyHashKey = "imagegrid.key-hash";

    public static void Set(ServerCallContext context, string accountId, string keyHash)
    {
        context.UserState[Key] = accountId;
        context.UserState[KeyHashKey] = keyHash;
    }

    public static string Get(ServerCallContext context) => Read(context, Key);

    /// <summary>The SHA-256 hash of the API key the call was made with (never the key itself).</summary>
    public static string GetKeyHash(ServerCallContext context) => Read(context, KeyHashKey);

    private static string Read(ServerCallContext context, string key) =>
        context.UserState.TryGetValue(key, out var stored) && stored is string value
            ? value
            : throw new InvalidOperationException("The call was not authenticated; is ApiKeyAuthInterceptor registered for this service?");
}
