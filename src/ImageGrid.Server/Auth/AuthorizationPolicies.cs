using ImageGrid.Server.Admin;

namespace ImageGrid.Server.Auth;

/// <summary>The policies the services require, each granted by its own key scheme and by nothing else.</summary>
public static class AuthorizationPolicies
{
    /// <summary>An ImageGrid API key of an account (<see cref="ApiKeyAuthenticationHandler"/>).</summary>
    public const string ApiKey = "ApiKey";

    /// <summary>The admin key (<see cref="AdminKeyAuthenticationHandler"/>).</summary>
    public const string AdminKey = "AdminKey";

    public static IServiceCollection AddImageGridAuthorization(this IServiceCollection services)
    {
        // The core alone, like the simulator: the full AddAuthentication also brings data protection (a key ring written
        // at start), which keys checked on every call do not use. No default scheme: each policy names its own.
        services.AddAuthenticationCore(options =>
        {
            options.AddScheme<ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, displayName: null);
            options.AddScheme<AdminKeyAuthenticationHandler>(AdminKeyAuthenticationHandler.SchemeName, displayName: null);
        });
        services.AddAuthorization(options =>
        {
            options.AddPolicy(ApiKey, policy => policy.AddAuthenticationSchemes(ApiKeyAuthenticationHandler.SchemeName).RequireAuthenticatedUser());
            options.AddPolicy(AdminKey, policy => policy.AddAuthenticationSchemes(AdminKeyAuthenticationHandler.SchemeName).RequireAuthenticatedUser());
        });
        return services;
    }
}
