namespace ImageGrid.Catalog;

/// <summary>The reference host policy from configuration: the Files API's host, and the listed hosts (and ports, where given).</summary>
public sealed class ReferenceHostAllowList : IReferenceHostPolicy
{
    /// <param name="entries">Host names with optional ports, e.g. <c>cdn.example.com</c> or <c>127.0.0.1:5090</c>.</param>
    /// <param name="filesHost">The Files API's host with an optional port; null when there is none.</param>
    /// <exception cref="ArgumentException">An entry is not a host name with an optional port.</exception>
    public ReferenceHostAllowList(IEnumerable<string> entries, string? filesHost = null)
    {
        Hosts = [.. entries.Select(entry => Parse(entry, nameof(entries)))];
        FilesHost = string.IsNullOrEmpty(filesHost) ? null : Parse(filesHost, nameof(filesHost));
    }

    public IReadOnlyList<AllowedHost> Hosts { get; }

    public AllowedHost? FilesHost { get; }

    public bool IsFilesHost(Uri url) => FilesHost?.Matches(url) == true;

    public bool IsAllowed(Uri url) => !IsFilesHost(url) && Hosts.Any(host => host.Matches(url));

    private static AllowedHost Parse(string entry, string parameter) =>
        AllowedHost.TryParse(entry, out var host, out var problem)
            ? host
            : throw new ArgumentException($"allowed host \"{entry}\" {problem}", parameter);
}
