namespace ImageGrid.Catalog;

/// <summary>
/// Which hosts a reference URL may point at. Rivya fetches every reference URL it is given, so only hosts that
/// serve Files API uploads are allowed: callers cannot make Rivya fetch arbitrary addresses through ImageGrid.
/// </summary>
public interface IReferenceHostPolicy
{
    /// <summary>True when Rivya may be asked to fetch <paramref name="url"/> (an absolute http or https URL).</summary>
    bool IsAllowed(Uri url);
}
