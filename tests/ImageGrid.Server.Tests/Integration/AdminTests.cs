using Google.Protobuf;
using Google.Rpc;
using Grpc.Core;
using ImageGrid.Contracts.V1;
using ImageGrid.Server.Tests.Infrastructure;
using ApiKeyHash = ImageGrid.Grains.Accounts.ApiKeyHash;

namespace ImageGrid.Server.Tests.Integration;

/// <summary>The admin service through a real channel. Every test makes its own account.</summary>
[Collection(ImageGridCollection.Name)]
public sealed class AdminTests(ImageGridFixture fixture)
{
    private const string UnknownAccountId = "acct_00000000000000000000000000000000";
    private const long MaxCredits = 1_000_000_000_000;

    private readonly ImageGridAdmin.ImageGridAdminClient _admin = fixture.Admin();

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("igk_not_the_admin_key")]
    [InlineData(ImageGridFixture.AdminKey + "x")]
    [InlineData(ImageGridFixture.DemoKey)]
    public async Task An_admin_call_without_the_admin_key_is_unauthenticated(string? key)
    {
        var error = await Assert.ThrowsAsync<RpcException>(
            () => fixture.Admin(key).CreateAccountAsync(new CreateAccountRequest { DisplayName = "intruder" }).ResponseAsync);

        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
    }

    [Fact]
    public async Task A_missing_admin_key_is_explained()
    {
        var error = await Assert.ThrowsAsync<RpcException>(
            () => fixture.Admin(key: null).GetAccountAsync(new GetAccountRequest { AccountId = UnknownAccountId }).ResponseAsync);

        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
        Assert.Equal("Missing admin key: send the metadata 'authorization: Bearer <admin key>'.", error.Status.Detail);
    }

    [Fact]
    public async Task An_accounts_own_key_does_not_open_the_admin_api()
    {
        var account = await CreateAccountAsync(openingCredits: 5);
        var issued = await IssueKeyAsync(account, "service");
        await fixture.Client(issued.ApiKey).GetBalanceAsync(new GetBalanceRequest());

        var error = await Assert.ThrowsAsync<RpcException>(
            () => fixture.Admin(issued.ApiKey).GetAccountAsync(new GetAccountRequest { AccountId = account.AccountId }).ResponseAsync);

        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
    }

    [Fact]
    public async Task A_new_account_answers_with_its_opening_balance_and_reads_back_the_same()
    {
        var before = DateTimeOffset.UtcNow;

        var created = await _admin.CreateAccountAsync(new CreateAccountRequest { DisplayName = "Team Atlas", OpeningCredits = 120 });

        Assert.Matches("^acct_[0-9a-f]{32}$", created.AccountId);
        Assert.Equal("Team Atlas", created.DisplayName);
        Assert.InRange(created.CreatedAt.ToDateTimeOffset(), before, DateTimeOffset.UtcNow);
        Assert.Empty(created.Keys);
        Assert.Equal(new Contracts.V1.Balance { Granted = 120, Available = 120, LedgerVersion = 1 }, created.Balance);
        Assert.Equal(created, await _admin.GetAccountAsync(new GetAccountRequest { AccountId = created.AccountId }));
    }

    [Fact]
    public async Task An_account_opened_without_credits_has_an_empty_balance_and_ledger()
    {
        var account = await CreateAccountAsync(openingCredits: 0);

        var ledger = await _admin.GetLedgerAsync(new GetLedgerRequest { AccountId = account.AccountId });

        Assert.Equal(new Contracts.V1.Balance(), account.Balance);
        Assert.Empty(ledger.Entries);
        Assert.Equal("", ledger.NextPageToken);
    }

    [Fact]
    public async Task An_issued_key_authenticates_on_the_public_service_as_its_account()
    {
        var account = await CreateAccountAsync(openingCredits: 250);

        var issued = await IssueKeyAsync(account, "renderer");

        Assert.Matches("^igk_[0-9a-f]{32}$", issued.ApiKey);
        Assert.Equal("renderer", issued.Name);
        Assert.NotEmpty(issued.KeyId);
        var client = fixture.Client(issued.ApiKey);
        Assert.Equal(new Contracts.V1.Balance { Granted = 250, Available = 250, LedgerVersion = 1 }, await client.GetBalanceAsync(new GetBalanceRequest()));
        var unknownTask = await Assert.ThrowsAsync<RpcException>(
            () => client.GetTaskAsync(new GetTaskRequest { TaskId = "tsk_" + Guid.NewGuid().ToString("N") }).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, unknownTask.StatusCode);
    }

    [Fact]
    public async Task An_issued_key_is_listed_by_GetAccount_without_the_key_or_its_hash()
    {
        var account = await CreateAccountAsync(openingCredits: 0);
        var issued = await IssueKeyAsync(account, "batch jobs");

        var read = await _admin.GetAccountAsync(new GetAccountRequest { AccountId = account.AccountId });

        var key = Assert.Single(read.Keys);
        Assert.Equal(new ApiKey { KeyId = issued.KeyId, Name = "batch jobs", CreatedAt = issued.CreatedAt }, key);
        var everything = JsonFormatter.Default.Format(read);
        Assert.DoesNotContain(issued.ApiKey, everything, StringComparison.Ordinal);
        Assert.DoesNotContain(ApiKeyHash.Of(issued.ApiKey), everything, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_revoked_key_fails_at_once_and_the_accounts_other_keys_keep_working()
    {
        var account = await CreateAccountAsync(openingCredits: 10);
        var revokedKey = await IssueKeyAsync(account, "old");
        var keptKey = await IssueKeyAsync(account, "new");
        await fixture.Client(revokedKey.ApiKey).GetBalanceAsync(new GetBalanceRequest());

        var revoked = await _admin.RevokeApiKeyAsync(new RevokeApiKeyRequest { AccountId = account.AccountId, KeyId = revokedKey.KeyId });

        var error = await Assert.ThrowsAsync<RpcException>(() => fixture.Client(revokedKey.ApiKey).GetBalanceAsync(new GetBalanceRequest()).ResponseAsync);
        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
        Assert.Equal(10, (await fixture.Client(keptKey.ApiKey).GetBalanceAsync(new GetBalanceRequest())).Available);
        Assert.Equal(revokedKey.KeyId, revoked.KeyId);
        Assert.Equal("old", revoked.Name);
        Assert.Equal(revokedKey.CreatedAt, revoked.CreatedAt);
        Assert.NotNull(revoked.RevokedAt);
        var listed = (await _admin.GetAccountAsync(new GetAccountRequest { AccountId = account.AccountId })).Keys;
        Assert.Equal([revoked, new ApiKey { KeyId = keptKey.KeyId, Name = "new", CreatedAt = keptKey.CreatedAt }], listed);
    }

    [Fact]
    public async Task Revoking_a_revoked_key_again_returns_it_unchanged()
    {
        var account = await CreateAccountAsync(openingCredits: 0);
        var issued = await IssueKeyAsync(account, "twice");
        var request = new RevokeApiKeyRequest { AccountId = account.AccountId, KeyId = issued.KeyId };
        var first = await _admin.RevokeApiKeyAsync(request);

        var second = await _admin.RevokeApiKeyAsync(request);

        Assert.Equal(first, second);
    }

    [Fact]
    public async Task Grant_and_deduct_move_the_balance_and_each_writes_one_ledger_entry()
    {
        var before = DateTimeOffset.UtcNow;
        var account = await CreateAccountAsync(openingCredits: 100);

        var afterGrant = await _admin.GrantCreditsAsync(Adjust(account, 50, "quarterly budget"));
        var afterDeduct = await _admin.DeductCreditsAsync(Adjust(account, 30, "billing correction"));

        Assert.Equal(new Contracts.V1.Balance { Granted = 150, Available = 150, LedgerVersion = 2 }, afterGrant);
        Assert.Equal(new Contracts.V1.Balance { Granted = 120, Available = 120, LedgerVersion = 3 }, afterDeduct);
        Assert.Equal(afterDeduct, (await _admin.GetAccountAsync(new GetAccountRequest { AccountId = account.AccountId })).Balance);
        var ledger = await _admin.GetLedgerAsync(new GetLedgerRequest { AccountId = account.AccountId });
        Assert.Equal(
            new (long, LedgerEntryKind, long, string)[]
            {
                (1, LedgerEntryKind.Grant, 100, "opening credits"),
                (2, LedgerEntryKind.Grant, 50, "quarterly budget"),
                (3, LedgerEntryKind.Deduct, 30, "billing correction"),
            },
            ledger.Entries.Select(e => (e.Sequence, e.Kind, e.Amount, e.Reason)));
        Assert.All(ledger.Entries, entry =>
        {
            Assert.Equal("", entry.TaskId);
            Assert.Equal(0, entry.ReservedAmount);
            Assert.InRange(entry.At.ToDateTimeOffset(), before, DateTimeOffset.UtcNow);
        });
        Assert.Equal("", ledger.NextPageToken);
    }

    [Fact]
    public async Task Deducting_more_than_available_is_a_failed_precondition_that_names_the_available_credits_and_changes_nothing()
    {
        var account = await CreateAccountAsync(openingCredits: 40);

        var error = await Assert.ThrowsAsync<RpcException>(() => _admin.DeductCreditsAsync(Adjust(account, 41, "too much")).ResponseAsync);

        Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
        Assert.Equal("Cannot deduct 41 credits: only 40 are available (credits reserved for running tasks cannot be deducted).", error.Status.Detail);
        Assert.Equal(account.Balance, (await _admin.GetAccountAsync(new GetAccountRequest { AccountId = account.AccountId })).Balance);
        Assert.Single((await _admin.GetLedgerAsync(new GetLedgerRequest { AccountId = account.AccountId })).Entries);
        Assert.Equal(new Contracts.V1.Balance { LedgerVersion = 2 }, await _admin.DeductCreditsAsync(Adjust(account, 40, "all of it")));
    }

    [Fact]
    public async Task Ledger_pages_of_two_return_each_of_five_entries_once_in_order()
    {
        var account = await CreateAccountAsync(openingCredits: 100);
        await _admin.GrantCreditsAsync(Adjust(account, 10, "g1"));
        await _admin.DeductCreditsAsync(Adjust(account, 5, "d1"));
        await _admin.GrantCreditsAsync(Adjust(account, 20, "g2"));
        await _admin.DeductCreditsAsync(Adjust(account, 7, "d2"));

        var pages = new List<GetLedgerResponse>();
        var token = "";
        do
        {
            var page = await _admin.GetLedgerAsync(new GetLedgerRequest { AccountId = account.AccountId, PageSize = 2, PageToken = token });
            pages.Add(page);
            token = page.NextPageToken;
        }
        while (token.Length > 0 && pages.Count < 10);

        Assert.Equal([2, 2, 1], pages.Select(p => p.Entries.Count));
        var paged = pages.SelectMany(p => p.Entries).ToList();
        Assert.Equal([1L, 2, 3, 4, 5], paged.Select(e => e.Sequence));
        Assert.Equal(["opening credits", "g1", "d1", "g2", "d2"], paged.Select(e => e.Reason));
        Assert.Equal((await _admin.GetLedgerAsync(new GetLedgerRequest { AccountId = account.AccountId, PageSize = 500 })).Entries, paged);
    }

    [Fact]
    public async Task The_largest_values_allowed_are_accepted()
    {
        var displayName = string.Concat(Enumerable.Repeat("👍", 200));
        var created = await _admin.CreateAccountAsync(new CreateAccountRequest { DisplayName = displayName, OpeningCredits = MaxCredits });

        var balance = await _admin.GrantCreditsAsync(new AdjustCreditsRequest { AccountId = created.AccountId, Amount = MaxCredits, Reason = new string('r', 500) });
        var key = await _admin.IssueApiKeyAsync(new IssueApiKeyRequest { AccountId = created.AccountId, Name = new string('n', 200) });

        Assert.Equal(displayName, created.DisplayName);
        Assert.Equal(2 * MaxCredits, balance.Available);
        Assert.Equal(new string('n', 200), key.Name);
    }

    public static TheoryData<string, string, IMessage> InvalidRequests => new()
    {
        { "CreateAccount", "display_name", new CreateAccountRequest { DisplayName = "" } },
        { "CreateAccount", "display_name", new CreateAccountRequest { DisplayName = " \t " } },
        { "CreateAccount", "display_name", new CreateAccountRequest { DisplayName = new string('a', 201) } },
        { "CreateAccount", "opening_credits", new CreateAccountRequest { DisplayName = "x", OpeningCredits = -1 } },
        { "CreateAccount", "opening_credits", new CreateAccountRequest { DisplayName = "x", OpeningCredits = MaxCredits + 1 } },
        { "GetAccount", "account_id", new GetAccountRequest() },
        { "GetAccount", "account_id", new GetAccountRequest { AccountId = new string('a', 129) } },
        { "IssueApiKey", "account_id", new IssueApiKeyRequest { Name = "n" } },
        { "IssueApiKey", "name", new IssueApiKeyRequest { AccountId = UnknownAccountId } },
        { "IssueApiKey", "name", new IssueApiKeyRequest { AccountId = UnknownAccountId, Name = new string('n', 201) } },
        { "RevokeApiKey", "account_id", new RevokeApiKeyRequest { KeyId = "key_0000000000000000" } },
        { "RevokeApiKey", "key_id", new RevokeApiKeyRequest { AccountId = UnknownAccountId } },
        { "GrantCredits", "account_id", new AdjustCreditsRequest { Amount = 1, Reason = "r" } },
        { "GrantCredits", "amount", new AdjustCreditsRequest { AccountId = UnknownAccountId, Reason = "r" } },
        { "GrantCredits", "amount", new AdjustCreditsRequest { AccountId = UnknownAccountId, Amount = -5, Reason = "r" } },
        { "GrantCredits", "amount", new AdjustCreditsRequest { AccountId = UnknownAccountId, Amount = MaxCredits + 1, Reason = "r" } },
        { "GrantCredits", "reason", new AdjustCreditsRequest { AccountId = UnknownAccountId, Amount = 1 } },
        { "GrantCredits", "reason", new AdjustCreditsRequest { AccountId = UnknownAccountId, Amount = 1, Reason = new string('r', 501) } },
        { "DeductCredits", "account_id", new AdjustCreditsRequest { Amount = 1, Reason = "r" } },
        { "DeductCredits", "amount", new AdjustCreditsRequest { AccountId = UnknownAccountId, Reason = "r" } },
        { "DeductCredits", "reason", new AdjustCreditsRequest { AccountId = UnknownAccountId, Amount = 1, Reason = "   " } },
        { "GetLedger", "account_id", new GetLedgerRequest() },
        { "GetLedger", "page_size", new GetLedgerRequest { AccountId = UnknownAccountId, PageSize = -1 } },
        { "GetLedger", "page_size", new GetLedgerRequest { AccountId = UnknownAccountId, PageSize = 501 } },
        { "GetLedger", "page_token", new GetLedgerRequest { AccountId = UnknownAccountId, PageToken = "!!!" } },
        { "GetLedger", "page_token", new GetLedgerRequest { AccountId = UnknownAccountId, PageToken = "not-a-token" } },
        // base64url of "0": a sequence no page ends at.
        { "GetLedger", "page_token", new GetLedgerRequest { AccountId = UnknownAccountId, PageToken = "MA" } },
    };

    [Theory]
    [MemberData(nameof(InvalidRequests))]
    public async Task An_invalid_request_is_refused_with_the_field_named(string rpc, string field, IMessage request)
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => CallAsync(rpc, request));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains(field, error.Status.Detail);
        var badRequest = error.GetRpcStatus()?.GetDetail<BadRequest>();
        Assert.NotNull(badRequest);
        Assert.Equal([field], badRequest.FieldViolations.Select(v => v.Field));
    }

    [Fact]
    public async Task Every_offending_field_is_listed_not_only_the_first()
    {
        var error = await Assert.ThrowsAsync<RpcException>(
            () => _admin.GrantCreditsAsync(new AdjustCreditsRequest { Amount = 0, Reason = "" }).ResponseAsync);

        var fields = error.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations.Select(v => v.Field).Order();
        Assert.Equal(["account_id", "amount", "reason"], fields);
    }

    public static TheoryData<string, IMessage> UnknownAccountRequests => new()
    {
        { "GetAccount", new GetAccountRequest { AccountId = UnknownAccountId } },
        { "IssueApiKey", new IssueApiKeyRequest { AccountId = UnknownAccountId, Name = "n" } },
        { "RevokeApiKey", new RevokeApiKeyRequest { AccountId = UnknownAccountId, KeyId = "key_0000000000000000" } },
        { "GrantCredits", new AdjustCreditsRequest { AccountId = UnknownAccountId, Amount = 1, Reason = "r" } },
        { "DeductCredits", new AdjustCreditsRequest { AccountId = UnknownAccountId, Amount = 1, Reason = "r" } },
        { "GetLedger", new GetLedgerRequest { AccountId = UnknownAccountId } },
    };

    [Theory]
    [MemberData(nameof(UnknownAccountRequests))]
    public async Task An_unknown_account_is_not_found(string rpc, IMessage request)
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => CallAsync(rpc, request));

        Assert.Equal(StatusCode.NotFound, error.StatusCode);
        Assert.Equal($"No account '{UnknownAccountId}' exists.", error.Status.Detail);
    }

    [Fact]
    public async Task An_unknown_key_id_is_not_found()
    {
        var account = await CreateAccountAsync(openingCredits: 0);

        var error = await Assert.ThrowsAsync<RpcException>(
            () => _admin.RevokeApiKeyAsync(new RevokeApiKeyRequest { AccountId = account.AccountId, KeyId = "key_0000000000000000" }).ResponseAsync);

        Assert.Equal(StatusCode.NotFound, error.StatusCode);
        Assert.Equal($"Account '{account.AccountId}' has no API key 'key_0000000000000000'.", error.Status.Detail);
    }

    [Fact]
    public async Task Another_accounts_key_cannot_be_revoked_through_this_account()
    {
        var owner = await CreateAccountAsync(openingCredits: 3);
        var other = await CreateAccountAsync(openingCredits: 0);
        var issued = await IssueKeyAsync(owner, "owner's");

        var error = await Assert.ThrowsAsync<RpcException>(
            () => _admin.RevokeApiKeyAsync(new RevokeApiKeyRequest { AccountId = other.AccountId, KeyId = issued.KeyId }).ResponseAsync);

        Assert.Equal(StatusCode.NotFound, error.StatusCode);
        Assert.Equal(3, (await fixture.Client(issued.ApiKey).GetBalanceAsync(new GetBalanceRequest())).Available);
    }

    private async Task<Account> CreateAccountAsync(long openingCredits) =>
        await _admin.CreateAccountAsync(new CreateAccountRequest { DisplayName = "Admin test account", OpeningCredits = openingCredits });

    private async Task<IssuedApiKey> IssueKeyAsync(Account account, string name) =>
        await _admin.IssueApiKeyAsync(new IssueApiKeyRequest { AccountId = account.AccountId, Name = name });

    private static AdjustCreditsRequest Adjust(Account account, long amount, string reason) =>
        new() { AccountId = account.AccountId, Amount = amount, Reason = reason };

    private Task CallAsync(string rpc, IMessage request) => rpc switch
    {
        "CreateAccount" => _admin.CreateAccountAsync((CreateAccountRequest)request).ResponseAsync,
        "GetAccount" => _admin.GetAccountAsync((GetAccountRequest)request).ResponseAsync,
        "IssueApiKey" => _admin.IssueApiKeyAsync((IssueApiKeyRequest)request).ResponseAsync,
        "RevokeApiKey" => _admin.RevokeApiKeyAsync((RevokeApiKeyRequest)request).ResponseAsync,
        "GrantCredits" => _admin.GrantCreditsAsync((AdjustCreditsRequest)request).ResponseAsync,
        "DeductCredits" => _admin.DeductCreditsAsync((AdjustCreditsRequest)request).ResponseAsync,
        "GetLedger" => _admin.GetLedgerAsync((GetLedgerRequest)request).ResponseAsync,
        _ => throw new ArgumentOutOfRangeException(nameof(rpc), rpc, "not an admin rpc"),
    };
}
