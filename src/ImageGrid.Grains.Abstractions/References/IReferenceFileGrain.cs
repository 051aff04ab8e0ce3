namespace ImageGrid.Grains.References;

/// <summary>
/// One grain per uploaded reference file, keyed by its ImageGrid id (<c>ref_</c> and a UUID v7 in hex): remembers whose
/// file it is and what Rivya's Files API returned for it.
/// </summary>
public interface IReferenceFileGrain : IGrainWithStringKey
{
    /// <summary>
    /// Keeps the file. Saving the same file again is a no-op; a different file under the same id is refused with
    /// <see cref="InvalidOperationException"/> (ids are never reused).
    /// </summary>
    Task SaveAsync(ReferenceFileInfo file);

    /// <summary>The file, or null when nothing was saved under this id.</summary>
    Task<ReferenceFileInfo?> GetAsync();
}
