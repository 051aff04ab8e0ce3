namespace ImageGrid.Benchmarks.Infrastructure;

/// <summary>One HTTP request the storage counting proxy forwarded to Azure Storage, and when its answer began.</summary>
/// <param name="Service">"blob" or "table".</param>
/// <param name="Resource">The container or table the request addresses ("Tables" for table management, "$batch" for a batch).</param>
/// <param name="Path">The request target after the account, decoded and shortened (for the JSON only).</param>
public sealed record StorageRequest(string Service, string Method, string Resource, string Path, DateTime SentAtUtc)
{
    /// <summary>When the first bytes of the answer came back; null while it has not.</summary>
    public DateTime? AnsweredAtUtc { get; set; }

    /// <summary>The answer's HTTP status (0 while it has not come).</summary>
    public int Status { get; set; }

    /// <summary>E.g. "PATCH table OrleansReminders".</summary>
    public string Label => $"{Method} {Service} {Resource}";
}
