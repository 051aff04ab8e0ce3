using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace ImageGrid.Catalog;

/// <summary>One allow-list entry: a host name (compared case-insensitively) and, optionally, the only port allowed.</summary>
public sealed record AllowedHost(string Host, int? Port)
{
    private const string Expected = "must be a host name with an optional port (e.g. files.example.com or 127.0.0.1:5090), not a URL";

    public bool Matches(Uri url) =>
        string.Equals(url.IdnHost, Host, StringComparison.OrdinalIgnoreCase) && (Port is null || Port == url.Port);

    public static bool TryParse(string entry, [NotNullWhen(true)] out AllowedHost? host, [NotNullWhen(false)] out string? problem)
    {
        host = null;
        var text = entry.Trim();
        if (text.Length == 0 || text.Contains("://", StringComparison.Ordinal)
            || text.IndexOfAny(['/', '?', '#', '@', ' ']) >= 0
            || !Uri.TryCreate($"http://{text}/", UriKind.Absolute, out var uri)
            || uri.IdnHost.Length == 0)
        {
            problem = Expected;
            return false;
        }

        // An IPv6 literal is bracketed, so a colon after the last ']' introduces a port.
        var lastColon = text.LastIndexOf(':');
        var hasPort = lastColon > text.LastIndexOf(']');
        if (hasPort && !int.TryParse(text[(lastColon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out _))
        {
            problem = Expected;
            return false;
        }

        host = new AllowedHost(uri.IdnHost, hasPort ? uri.Port : null);
        problem = null;
        return true;
    }
}
