using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using ImageGrid.Server.Auth;
using ImageGrid.Server.Grpc;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace ImageGrid.Server.Admin;

/// <summary>
/// The admin service's scheme: `authorization: Bearer &lt;admin key&gt;` carrying the configured
/// <see cref="AdminOptions.ApiKey"/>; nothing else grants the admin API (account keys do not). The keys are compared as
/// SHA-256 hashes in constant time.
/// </summary>
public sealed class AdminKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    CallOutcomeLog log,
    IOptions<AdminOptions> adminOptions)
    : GrpcKeyAuthenticationHandler(options, log)
{
    public const string SchemeName = "ImageGridAdminKey";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync() => Task.FromResult(Authenticate());

    private AuthenticateResult Authenticate()
    {
        var adminKey = adminOptions.Value.ApiKey;
        if (string.IsNullOrWhiteSpace(adminKey))
        {
            return Refuse("The admin API is disabled until Admin:ApiKey is set.");
        }

        var (key, problem) = BearerKey.Read(Request);
        switch (problem)
        {
            case BearerKeyProblem.Missing:
                return Refuse("Missing admin key: send the metadata 'authorization: Bearer <admin key>'.");
            case BearerKeyProblem.NotBearer:
                return Refuse("Malformed 'authorization' metadata: send 'authorization: Bearer <admin key>' (the word Bearer, a space, then the key).");
        }

        if (!CryptographicOperations.FixedTimeEquals(Hash(key), Hash(adminKey.Trim())))
        {
            return Refuse("The admin key is not valid: only the key configured as Admin:ApiKey grants the admin API.");
        }

        var admin = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, "admin")], Scheme.Name));
        return AuthenticateResult.Success(new AuthenticationTicket(admin, Scheme.Name));
    }

    private static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));
}
