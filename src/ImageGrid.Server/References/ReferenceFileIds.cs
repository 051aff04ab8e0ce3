using System.Text.RegularExpressions;

namespace ImageGrid.Server.References;

/// <summary>ImageGrid's ids for uploaded reference files: "ref_" and a time-ordered UUID (v7) in hex.</summary>
public static partial class ReferenceFileIds
{
    public static string New() => "ref_" + Guid.CreateVersion7().ToString("N");

    public static bool IsWellFormed(string id) => WellFormed().IsMatch(id);

    [GeneratedRegex("^ref_[0-9a-f]{32}$")]
    private static partial Regex WellFormed();
}
