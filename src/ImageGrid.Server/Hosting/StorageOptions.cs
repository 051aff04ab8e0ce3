namespace ImageGrid.Server.Hosting;

/// <summary>Where grain state, reminders and cluster membership live (section "Storage").</summary>
public sealed class StorageOptions
{
    public const string SectionName = "Storage";

    /// <summary><see cref="StorageProvider.Memory"/> (the embedded default: one silo, nothing survives a restart) or <see cref="StorageProvider.AzureStorage"/>.</summary>
    public StorageProvider Provider { get; set; } = StorageProvider.Memory;

    /// <summary>An Azure Storage connection string (a secret); <c>UseDevelopmentStorage=true</c> for Azurite.</summary>
    public string? ConnectionString { get; set; }
}

public enum StorageProvider
{
    Memory,
    AzureStorage,
}
