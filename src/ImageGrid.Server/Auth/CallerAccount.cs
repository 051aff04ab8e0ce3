using Grpc.Core;

namespace ImageGrid.Server.Auth;

/// <summary>The account the caller's API key resolved to, carried on the call by <see cref="ApiKeyAuthInterceptor"/>.</summary>
public static class CallerAccount
{
    private const string Key = "imagegrid.account";

    public static void Set(ServerCallContext context, string accountId) => context.UserState[Key] = accountId;

    public static string Get(ServerCallContext context) =>
        context.UserState.TryGetValue(Key, out var account) && account is string id
            ? id
            : throw new InvalidOperationException("The call was not authenticated; is ApiKeyAuthInterceptor registered for this service?");
}
