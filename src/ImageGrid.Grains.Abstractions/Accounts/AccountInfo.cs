using System.Collections.Immutable;

namespace ImageGrid.Grains.Accounts;

[GenerateSerializer, Immutable, Alias("imagegrid.AccountInfo")]
public sealed record AccountInfo
{
    [Id(0)] public required string AccountId { get; init; }
    [Id(1)] public required string DisplayName { get; init; }
    [Id(2)] public DateTimeOffset CreatedAt { get; init; }
    [Id(3)] public ImmutableArray<ApiKeyInfo> Keys { get; init; } = [];
}

/// <summary>An API key as the account remembers it: never the key itself, only its id and hash.</summary>
[GenerateSerializer, Immutable, Alias("imagegrid.ApiKeyInfo")]
public sealed record ApiKeyInfo
{
    [Id(0)] public required string KeyId { get; init; }
    [Id(1)] public required string Name { get; init; }
    [Id(2)] public required string KeyHash { get; init; }
    [Id(3)] public DateTimeOffset CreatedAt { get; init; }
    [Id(4)] public DateTimeOffset? RevokedAt { get; init; }
}
