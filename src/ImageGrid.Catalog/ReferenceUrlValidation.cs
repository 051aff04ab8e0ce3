namespace ImageGrid.Catalog;

/// <summary>
/// What a reference URL must be: an absolute http or https URL on a host the <see cref="IReferenceHostPolicy"/>
/// allows (by default only the Files API's own host), so that Rivya only ever fetches uploaded files.
/// </summary>
internal static class ReferenceUrlValidation
{
    /// <returns>Null when the URL is acceptable, otherwise what is wrong with it.</returns>
    public static string? Problem(string url, IReferenceHostPolicy hosts)
    {
        if (string.IsNullOrEmpty(url))
        {
            return "is required";
        }

        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)
            || uri.Host.Length == 0)
        {
            return $"must be an absolute http or https URL (got {TextDescriptions.Quote(url)})";
        }

        return hosts.IsAllowed(uri)
            ? null
            : $"host {TextDescriptions.Shorten(uri.Authority)} is not allowed; references must be URLs returned by the Files API (UploadReference)";
    }
}
