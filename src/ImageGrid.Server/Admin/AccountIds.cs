namespace ImageGrid.Server.Admin;

/// <summary>Account ids: "acct_" and a time-ordered UUID (v7) in hex.</summary>
public static class AccountIds
{
    public const int MaxLength = 128;

    public static string New() => "acct_" + Guid.CreateVersion7().ToString("N");
}
