namespace ImageGrid.Catalog;

/// <summary>The host policy together with the caller's own URLs on the Files API's host, for one request.</summary>
internal sealed record ReferenceHostRules(IReferenceHostPolicy Policy, IReadOnlySet<string> OwnUrls);
