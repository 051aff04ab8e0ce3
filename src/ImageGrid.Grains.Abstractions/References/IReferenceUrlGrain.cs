using System.Security.Cryptography;
using System.Text;

namespace ImageGrid.Grains.References;

/// <summary>
/// One grain per (account, URL on the Files API's host), keyed by <see cref="ReferenceUrlKey.For"/>: remembers that the
/// account may pass the URL as a reference, because it uploaded the file or one of its tasks produced the image.
/// </summary>
public interface IReferenceUrlGrain : IGrainWithStringKey
{
    /// <summary>Records the grant. Granting the URL again is a no-op: the first source stays.</summary>
    Task GrantAsync(ReferenceUrlGrant grant);

    /// <summary>True when exactly <paramref name="url"/> (compared ordinally) was granted under this key.</summary>
    Task<bool> IsGrantedAsync(string url);
}

/// <summary>A URL the account may reference, and where it came from.</summary>
[GenerateSerializer, Immutable, Alias("imagegrid.ReferenceUrlGrant")]
public sealed record ReferenceUrlGrant
{
    [Id(0)] public required string Url { get; init; }
    /// <summary>The uploaded file's id (<c>ref_...</c>) or the id of the task that produced the image.</summary>
    [Id(1)] public required string Source { get; init; }
}

public static class ReferenceUrlKey
{
    /// <summary>The account and the SHA-256 of the URL: a bounded key whatever the URL's length or characters.</summary>
    public static string For(string accountId, string url) =>
        $"{accountId}/{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(url)))}";
}
