using System.Security.Claims;

namespace ImageGrid.Rivya.Simulator.Http;

internal static class ApiKeyPrincipal
{
    /// <summary>The API key of a user signed in by <see cref="ApiKeyAuthenticationHandler"/>.</summary>
    public static string ApiKey(this ClaimsPrincipal user) =>
        user.Identity?.Name ?? throw new InvalidOperationException("The endpoint must require an authenticated API key.");
}
