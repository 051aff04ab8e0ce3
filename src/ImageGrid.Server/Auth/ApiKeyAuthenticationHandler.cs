using ImageGrid.Grains.Accounts;
using ImageGrid.Server.Grpc;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace ImageGrid.Server.Auth;

/// <summary>
/// The ImageGrid service's scheme: `authorization: Bearer &lt;key&gt;` resolved to an account (<see cref="CallerAccount"/>).
/// The key's grain is asked on every call, so a revoked key fails at once on every silo (and streams already open with
/// it are ended by <see cref="WatchKeyRevalidator"/>).
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    CallOutcomeLog log,
    IGrainFactory grains,
    TimeProvider time)
    : GrpcKeyAuthenticationHandler(options, log)
{
    public const string SchemeName = "ImageGridApiKey";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var (key, problem) = BearerKey.Read(Request);
        switch (problem)
        {
            case BearerKeyProblem.Missing:
                return Refuse("Missing API key: send the metadata 'authorization: Bearer <api key>'.");
            case BearerKeyProblem.NotBearer:
                return Refuse("Malformed 'authorization' metadata: send 'authorization: Bearer <api key>' (the word Bearer, a space, then the key).");
        }

        var keyHash = ApiKeyHash.Of(key);
        string? accountId;
        try
        {
            accountId = key.Length == 0
                ? null
                : await GrainRetry.ReadAsync(grains.GetGrain<IApiKeyGrain>(keyHash).ResolveAsync, time, Context.RequestAborted);
        }
        catch (Exception e)
        {
            // Answered by the challenge; thrown from here it would escape the authorization middleware as HTTP 500.
            return AuthenticateResult.Fail(e);
        }

        return accountId is null
            ? Refuse("The API key is not valid or was revoked: check the key in the 'authorization' metadata.")
            : AuthenticateResult.Success(new AuthenticationTicket(CallerAccount.Principal(accountId, keyHash, Scheme.Name), Scheme.Name));
    }
}
