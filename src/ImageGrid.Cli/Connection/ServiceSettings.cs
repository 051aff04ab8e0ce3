namespace ImageGrid.Cli.Connection;

/// <summary>Where the service is and which key to send, from IMAGEGRID_URL and IMAGEGRID_API_KEY.</summary>
public sealed record ServiceSettings(Uri Address, string ApiKey)
{
    public const string UrlVariable = "IMAGEGRID_URL";
    public const string ApiKeyVariable = "IMAGEGRID_API_KEY";
    public const string DefaultUrl = "http://127.0.0.1:5080";

    public static ServiceSettings FromEnvironment()
    {
        var url = Environment.GetEnvironmentVariable(UrlVariable);
        if (string.IsNullOrWhiteSpace(url))
        {
            url = DefaultUrl;
        }

        if (!Uri.TryCreate(url, UriKind.Absolute, out var address) || (address.Scheme != Uri.UriSchemeHttp && address.Scheme != Uri.UriSchemeHttps))
        {
            throw CliException.BadInput($"{UrlVariable} must be an http:// or https:// URL, e.g. {DefaultUrl}; it is '{url}'");
        }

        var key = Environment.GetEnvironmentVariable(ApiKeyVariable);
        if (string.IsNullOrWhiteSpace(key))
        {
            throw new CliException(ExitCodes.Authentication, $"{ApiKeyVariable} is not set: export the API key of your account (the server prints the demo account's key at start-up)");
        }

        return new ServiceSettings(address, key.Trim());
    }
}
