namespace ImageGrid.Catalog;

/// <summary>
/// Which hosts a reference URL may point at. Rivya fetches every reference URL it is given, so callers must not be able
/// to make it fetch arbitrary addresses through ImageGrid: on the Files API's own host only the caller's account's own
/// files and results are taken (see <see cref="ImageRequestInput.OwnReferenceUrls"/>); other hosts must be listed.
/// </summary>
public interface IReferenceHostPolicy
{
    /// <summary>True when <paramref name="url"/> (a canonical http or https URL) is on the Files API's own host.</summary>
    bool IsFilesHost(Uri url);

    /// <summary>True when Rivya may be asked to fetch any <paramref name="url"/> on its host (not the Files API's).</summary>
    bool IsAllowed(Uri url);
}
