using System.Net;
using System.Net.Sockets;

namespace ImageGrid.Catalog;

/// <summary>
/// The host of a <see cref="CanonicalUrl"/>: a DNS name in lower-case ASCII letters, digits and hyphens, an IPv4
/// address as four decimal numbers, or a bracketed IPv6 address in its shortest lower-case form (RFC 5952).
/// </summary>
/// <remarks>
/// Some parsers (browsers' WHATWG URL, inet_aton) read <c>2130706433</c>, <c>127.1</c> or <c>0x7f.0.0.1</c> as
/// 127.0.0.1, and others as a name. A host whose last label is a number is therefore taken as an IPv4 address and
/// must be written in dotted-decimal form, so that every reader resolves it to the same place.
/// </remarks>
public static class CanonicalHost
{
    private const int MaxNameLength = 253;
    private const int MaxLabelLength = 63;

    private const string Ipv4Form = "write an IPv4 address as four numbers from 0 to 255 without leading zeros (e.g. 192.0.2.1)";

    /// <returns>Null when <paramref name="host"/> is canonical, otherwise what to change.</returns>
    public static string? Problem(string host)
    {
        if (host.Length == 0)
        {
            return "needs a host after \"://\"";
        }

        if (host[0] == '[')
        {
            return Ipv6Problem(host);
        }

        var shown = TextDescriptions.Shorten(host);
        var labels = host.Split('.');
        if (labels.Any(label => label.Length == 0))
        {
            return $"host {shown} has an empty label; remove the extra dot (a name does not end with \".\")";
        }

        if (EndsInNumber(labels[^1]))
        {
            return IsDottedDecimal(labels) ? null : $"host {shown} is not a dotted-decimal IPv4 address; {Ipv4Form}";
        }

        if (host.Any(char.IsAsciiLetterUpper))
        {
            return $"write host {shown} in lower case ({TextDescriptions.Shorten(host.ToLowerInvariant())})";
        }

        var valid = host.Length <= MaxNameLength && labels.All(label =>
            label.Length <= MaxLabelLength && label[0] != '-' && label[^1] != '-'
            && label.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-'));
        return valid
            ? null
            : $"host {shown} is not a DNS name: use lower-case letters, digits and hyphens in labels of at most {MaxLabelLength} characters separated by dots";
    }

    /// <summary>The WHATWG URL rule: a last label of digits, or 0x and hex digits, makes the host an IPv4 address.</summary>
    private static bool EndsInNumber(string label) =>
        label.All(char.IsAsciiDigit)
        || (label.StartsWith("0x", StringComparison.OrdinalIgnoreCase) && label.Skip(2).All(char.IsAsciiHexDigit));

    private static bool IsDottedDecimal(string[] labels) =>
        labels.Length == 4 && labels.All(label =>
            label.Length <= 3 && label.All(char.IsAsciiDigit) && (label.Length == 1 || label[0] != '0') && int.Parse(label, System.Globalization.CultureInfo.InvariantCulture) <= 255);

    private static string? Ipv6Problem(string host)
    {
        var shown = TextDescriptions.Shorten(host);
        var inner = host[1..^1];
        if (!host.EndsWith(']') || inner.Contains('%', StringComparison.Ordinal)
            || !IPAddress.TryParse(inner, out var address) || address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return $"host {shown} is not an IPv6 address (without a zone); write one in brackets, e.g. [2001:db8::1]";
        }

        var canonical = address.ToString();
        return inner == canonical ? null : $"write IPv6 address {shown} in its shortest lower-case form ([{canonical}])";
    }
}
