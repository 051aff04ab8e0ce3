using System.Text.RegularExpressions;

namespace ImageGrid.Server.Grpc;

/// <summary>ImageGrid's public task ids: "tsk_" and a time-ordered UUID (v7) in hex.</summary>
public static partial class TaskIds
{
    public static string New() => "tsk_" + Guid.CreateVersion7().ToString("N");

    public static bool IsWellFormed(string id) => WellFormed().IsMatch(id);

    [GeneratedRegex("^tsk_[0-9a-f]{32}$")]
    private static partial Regex WellFormed();
}
