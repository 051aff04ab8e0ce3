using ImageGrid.Server.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace ImageGrid.Server.Web;

/// <summary>The dashboard endpoint's port, when it is on.</summary>
public sealed record WebPort(int? Port);

/// <summary>Where the dashboard listens, decided from configuration and the hosting mode (<see cref="WebOptions"/>).</summary>
public static class WebEndpoint
{
    public const string UrlKey = $"{WebOptions.SectionName}:{nameof(WebOptions.Url)}";
    public const string EnabledKey = $"{WebOptions.SectionName}:{nameof(WebOptions.Enabled)}";
    public const string DefaultUrl = "http://127.0.0.1:5081";

    /// <summary>The dashboard's URL, or null when it is off.</summary>
    public static string? UrlOf(IConfiguration configuration, HostingMode mode)
    {
        WebOptions options;
        try
        {
            options = configuration.GetSection(WebOptions.SectionName).Get<WebOptions>() ?? new WebOptions();
        }
        catch (InvalidOperationException unreadable)
        {
            throw new InvalidConfigurationException($"invalid configuration: {unreadable.Message}");
        }

        if (options.Enabled == false)
        {
            return null;
        }

        if (!string.IsNullOrWhiteSpace(options.Url))
        {
            return options.Url;
        }

        return mode.IsEmbeddedDefault ? DefaultUrl : null;
    }

    public static int? PortOf(string? url) => url is null ? null : BindingAddress.Parse(url).Port;
}
