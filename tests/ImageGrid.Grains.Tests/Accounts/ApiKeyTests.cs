using ImageGrid.Grains.Accounts;

namespace ImageGrid.Grains.Tests.Accounts;

[Collection(AccountClusterCollection.Name)]
public sealed class ApiKeyTests(AccountClusterFixture fixture)
{
    private async Task<IAccountGrain> CreatedAccount()
    {
        var account = fixture.Client.GetGrain<IAccountGrain>($"acct-{Guid.NewGuid():N}");
        await account.CreateAsync("Team", 0, "opening");
        return account;
    }

    private static string NewKeyHash() => ApiKeyHash.Of($"sk-{Guid.NewGuid():N}");

    private IApiKeyGrain KeyGrain(string keyHash) => fixture.Client.GetGrain<IApiKeyGrain>(keyHash);

    [Fact]
    public async Task An_added_key_resolves_to_its_account_and_adding_it_again_returns_the_same_key()
    {
        var account = await CreatedAccount();
        var hash = NewKeyHash();

        var first = await account.AddKeyAsync(hash, "ci");
        var second = await account.AddKeyAsync(hash, "another name");

        Assert.Matches("^key_[0-9a-f]{16}$", first.KeyId);
        Assert.Equal((hash, "ci", (DateTimeOffset?)null), (first.KeyHash, first.Name, first.RevokedAt));
        Assert.Equal(first, second);
        Assert.Equal([first], (await account.GetAsync())!.Keys.AsEnumerable());
        Assert.Equal(account.GetPrimaryKeyString(), await KeyGrain(hash).ResolveAsync());
    }

    [Fact]
    public async Task Two_keys_of_one_account_get_different_ids()
    {
        var account = await CreatedAccount();

        var a = await account.AddKeyAsync(NewKeyHash(), "a");
        var b = await account.AddKeyAsync(NewKeyHash(), "b");

        Assert.NotEqual(a.KeyId, b.KeyId);
        Assert.Equal(2, (await account.GetAsync())!.Keys.Length);
    }

    [Fact]
    public async Task A_revoked_key_resolves_to_nothing_and_revoking_again_is_harmless()
    {
        var account = await CreatedAccount();
        var hash = NewKeyHash();
        var key = await account.AddKeyAsync(hash, "ci");

        Assert.True(await account.RevokeKeyAsync(key.KeyId));
        Assert.True(await account.RevokeKeyAsync(key.KeyId));

        Assert.Null(await KeyGrain(hash).ResolveAsync());
        var listed = Assert.Single((await account.GetAsync())!.Keys);
        Assert.NotNull(listed.RevokedAt);
        Assert.Equal(listed, await account.AddKeyAsync(hash, "ci"));
        Assert.Null(await KeyGrain(hash).ResolveAsync());
    }

    [Fact]
    public async Task Revoking_a_key_the_account_does_not_have_answers_false()
    {
        var account = await CreatedAccount();
        var other = await CreatedAccount();
        var key = await other.AddKeyAsync(NewKeyHash(), "theirs");

        Assert.False(await account.RevokeKeyAsync(key.KeyId));
        Assert.False(await account.RevokeKeyAsync("key_0000000000000000"));
    }

    [Fact]
    public async Task A_key_of_one_account_cannot_be_added_to_another()
    {
        var owner = await CreatedAccount();
        var other = await CreatedAccount();
        var hash = NewKeyHash();
        await owner.AddKeyAsync(hash, "ci");

        await Assert.ThrowsAsync<InvalidOperationException>(() => other.AddKeyAsync(hash, "ci"));

        Assert.Empty((await other.GetAsync())!.Keys);
        Assert.Equal(owner.GetPrimaryKeyString(), await KeyGrain(hash).ResolveAsync());
    }

    [Fact]
    public async Task An_unknown_key_resolves_to_nothing()
    {
        Assert.Null(await KeyGrain(NewKeyHash()).ResolveAsync());
    }

    [Fact]
    public async Task A_key_revoked_before_it_was_registered_stays_revoked()
    {
        var hash = NewKeyHash();
        await KeyGrain(hash).RevokeAsync();

        await KeyGrain(hash).RegisterAsync("acct-1", "key_0000000000000001");

        Assert.Null(await KeyGrain(hash).ResolveAsync());
    }

    [Fact]
    public async Task Registering_a_key_again_for_its_own_account_is_a_no_op()
    {
        var hash = NewKeyHash();
        await KeyGrain(hash).RegisterAsync("acct-1", "key_0000000000000001");

        await KeyGrain(hash).RegisterAsync("acct-1", "key_0000000000000001");

        Assert.Equal("acct-1", await KeyGrain(hash).ResolveAsync());
        await Assert.ThrowsAsync<InvalidOperationException>(() => KeyGrain(hash).RegisterAsync("acct-2", "key_0000000000000002"));
    }
}
