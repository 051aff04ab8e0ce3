namespace ImageGrid.Server.Hosting;

/// <summary>
/// Where grain state, reminders and cluster membership live (section "Storage"). Azure Storage is reached one of two
/// ways: the service endpoints with the pod's Microsoft Entra identity (<see cref="BlobServiceUri"/> and
/// <see cref="TableServiceUri"/>, production), or a connection string (Azurite, or an account key).
/// </summary>
public sealed class StorageOptions
{
    public const string SectionName = "Storage";

    /// <summary><see cref="StorageProvider.Memory"/> (the embedded default: one silo, nothing survives a restart) or <see cref="StorageProvider.AzureStorage"/>.</summary>
    public StorageProvider Provider { get; set; } = StorageProvider.Memory;

    /// <summary>An Azure Storage connection string (a secret); <c>UseDevelopmentStorage=true</c> for Azurite.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>The Blob service endpoint, e.g. <c>https://account.blob.core.windows.net/</c>; used with DefaultAzureCredential.</summary>
    public string? BlobServiceUri { get; set; }

    /// <summary>The Table service endpoint, e.g. <c>https://account.table.core.windows.net/</c>; used with DefaultAzureCredential.</summary>
    public string? TableServiceUri { get; set; }
}

public enum StorageProvider
{
    Memory,
    AzureStorage,
}
