namespace ImageGrid.Catalog;

/// <summary>
/// What a reference URL must look like. Only the shape is checked; restricting hosts to an
/// allow-list is a separate rule that belongs beside this one.
/// </summary>
internal static class ReferenceUrlValidation
{
    /// <returns>Null when the URL is acceptable, otherwise what is wrong with it.</returns>
    public static string? Problem(string url)
    {
        if (string.IsNullOrEmpty(url))
        {
            return "is required";
        }

        var isHttp = Uri.TryCreate(url, UriKind.Absolute, out var uri)
            && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
            && uri.Host.Length > 0;
        return isHttp ? null : $"must be an absolute http or https URL (got \"{url}\")";
    }
}
