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
    /// <summary>The URLs on the Files API's host each account may reference.</summary>
    public const string ReferenceUrls = "referenceurls";

    public static readonly IReadOnlyList<string> All = [Tasks, Accounts, ApiKeys, Idempotency, TaskIndex, Uploads, ReferenceUrls];
}
