namespace ImageGrid.Catalog;

/// <summary>
/// What a reference URL must be: <see cref="CanonicalUrl">canonical</see>, so that the string checked is the string
/// sent; on the Files API's host one of the caller's own uploads or results; elsewhere on a host the policy lists.
/// </summary>
internal static class ReferenceUrlValidation
{
    /// <summary>The refusal of a URL on the Files API's host that is not the caller's: the same whether it exists or not.</summary>
    public const string NotOwn =
        "is not the URL of a file this API key's account uploaded or of an image its tasks produced; " +
        "upload the file with UploadReference and pass the file_id (or the url) it returns";

    /// <returns>Null when the URL is acceptable, otherwise what is wrong with it.</returns>
    public static string? Problem(string url, ReferenceHostRules hosts)
    {
        if (CanonicalUrl.Problem(url) is { } problem)
        {
            return problem;
        }

        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            return $"must be an absolute http or https URL (got {TextDescriptions.Quote(url)})";
        }

        if (hosts.Policy.IsFilesHost(uri))
        {
            return hosts.OwnUrls.Contains(url) ? null : NotOwn;
        }

        return hosts.Policy.IsAllowed(uri)
            ? null
            : $"host {TextDescriptions.Shorten(uri.Authority)} is not allowed; references must be URLs returned by the Files API (UploadReference)";
    }
}
