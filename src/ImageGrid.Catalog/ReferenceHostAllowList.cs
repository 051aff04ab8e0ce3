namespace ImageGrid.Catalog;

/// <summary>The reference host policy from configuration: only the listed hosts (and ports, where given).</summary>
public sealed class ReferenceHostAllowList : IReferenceHostPolicy
{
    /// <param name="entries">Host names with optional ports, e.g. <c>cdn.example.com</c> or <c>127.0.0.1:5090</c>.</param>
    /// <exception cref="ArgumentException">An entry is not a host name with an optional port.</exception>
    public ReferenceHostAllowList(IEnumerable<string> entries)
    {
        var hosts = new List<AllowedHost>();
        foreach (var entry in entries)
        {
            if (!AllowedHost.TryParse(entry, out var host, out var problem))
            {
                throw new ArgumentException($"allowed host \"{entry}\" {problem}", nameof(entries));
            }

            hosts.Add(host);
        }

        Hosts = hosts;
    }

    public IReadOnlyList<AllowedHost> Hosts { get; }

    public bool IsAllowed(Uri url) => Hosts.Any(host => host.Matches(url));
}
