using System.ComponentModel.DataAnnotations;

namespace ImageGrid.Server.Auth;

/// <summary>Section "Watch": how streams follow the revocation of the key they were opened with.</summary>
public sealed class WatchKeyOptions
{
    public const string SectionName = "Watch";

    /// <summary>
    /// How often each server re-checks every distinct key of its open streams: the bound on ending a revoked key's
    /// streams when the key grain's notification is lost (e.g. the grain's silo died). At most a minute, so the key
    /// grain's observer lease (5 minutes) never lapses between renewals.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00")]
    public TimeSpan KeyRecheckInterval { get; set; } = TimeSpan.FromSeconds(5);
}
