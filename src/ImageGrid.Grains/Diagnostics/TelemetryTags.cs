namespace ImageGrid.Grains.Diagnostics;

/// <summary>The names under which a task's and an account's ids go on spans and into log scopes. Never a key.</summary>
public static class TelemetryTags
{
    public const string TaskId = "imagegrid.task_id";
    public const string AccountId = "imagegrid.account_id";

    public const string TaskIdScope = "TaskId";
    public const string AccountIdScope = "AccountId";
}
