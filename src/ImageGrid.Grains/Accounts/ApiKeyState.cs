namespace ImageGrid.Grains.Accounts;

/// <summary>What an API key grain (keyed by the key's hash) persists: whose key it is and whether it was revoked.</summary>
[GenerateSerializer, Alias("imagegrid.ApiKeyState")]
public sealed class ApiKeyState
{
    /// <summary>Empty until the key is registered.</summary>
    [Id(0)] public string AccountId { get; set; } = "";
    [Id(1)] public string KeyId { get; set; } = "";
    [Id(2)] public DateTimeOffset? RevokedAt { get; set; }
}
