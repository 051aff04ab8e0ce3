namespace ImageGrid.Grains;

/// <summary>Names of the grain storage providers the host must register.</summary>
public static class StorageNames
{
    public const string Tasks = "tasks";
    public const string Accounts = "accounts";
    public const string ApiKeys = "apikeys";
    public const string Idempotency = "idempotency";
    public const string TaskIndex = "taskindex";
    public const string Uploads = "uploads";

    public static readonly IReadOnlyList<string> All = [Tasks, Accounts, ApiKeys, Idempotency, TaskIndex, Uploads];
}
