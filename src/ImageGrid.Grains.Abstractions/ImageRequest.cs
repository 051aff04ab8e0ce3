using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;

namespace ImageGrid.Grains;

/// <summary>What the caller asked for, after validation and with the model's defaults applied.</summary>
[GenerateSerializer, Immutable, Alias("imagegrid.ImageRequest")]
public sealed record ImageRequest
{
    [Id(0)] public required string Model { get; init; }
    [Id(1)] public required string Prompt { get; init; }
    /// <summary>The model's select parameters by key (e.g. aspect_ratio, resolution).</summary>
    [Id(2)] public ImmutableSortedDictionary<string, string> Parameters { get; init; } = ImmutableSortedDictionary<string, string>.Empty;
    [Id(3)] public ImmutableArray<ReferenceItem> References { get; init; } = [];
    [Id(4)] public string ClientRequestId { get; init; } = "";

    public string? GetParameter(string key) => Parameters.GetValueOrDefault(key);

    /// <summary>
    /// A hash of what the request asks for (not of the caller's client_request_id): two requests with the same
    /// fingerprint are the same request for idempotency.
    /// </summary>
    public string Fingerprint()
    {
        var canonical = new StringBuilder();
        Append(canonical, Model);
        Append(canonical, Prompt);
        foreach (var (key, value) in Parameters)
        {
            Append(canonical, key);
            Append(canonical, value);
        }

        foreach (var reference in References)
        {
            Append(canonical, reference.Url);
            Append(canonical, reference.Kind);
            Append(canonical, reference.Name);
            Append(canonical, reference.MimeType);
            Append(canonical, reference.DurationToken ?? "");
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical.ToString())));
    }

    /// <summary>Length-prefixed, so no two different field lists give the same text.</summary>
    private static void Append(StringBuilder canonical, string value) => canonical.Append(value.Length).Append(':').Append(value);
}
