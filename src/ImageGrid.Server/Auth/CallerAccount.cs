using System.Security.Claims;
using Grpc.Core;

namespace ImageGrid.Server.Auth;

/// <summary>
/// The account the caller's API key resolved to, and the key's hash, carried on the call as the claims of the user
/// <see cref="ApiKeyAuthenticationHandler"/> signed in.
/// </summary>
public static class CallerAccount
{
    private const string AccountClaim = "imagegrid:account";
    private const string KeyHashClaim = "imagegrid:key-hash";

    public static ClaimsPrincipal Principal(string accountId, string keyHash, string scheme) =>
        new(new ClaimsIdentity([new Claim(AccountClaim, accountId), new Claim(KeyHashClaim, keyHash)], scheme));

    public static string Get(ServerCallContext context) => Read(context, AccountClaim);

    /// <summary>The SHA-256 hash of the API key the call was made with (never the key itself).</summary>
    public static string GetKeyHash(ServerCallContext context) => Read(context, KeyHashClaim);

    private static string Read(ServerCallContext context, string claim) =>
        context.GetHttpContext().User.FindFirst(claim)?.Value
            ?? throw new InvalidOperationException($"The call was not authenticated; does the service require the {AuthorizationPolicies.ApiKey} policy?");
}
