using System.Text.Json.Serialization;

namespace ImageGrid.Rivya.Simulator.Control;

/// <summary>The Rivya endpoints that faults can target and stats count.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<RivyaEndpoint>))]
public enum RivyaEndpoint
{
    /// <summary><c>POST /api/v1/tasks</c></summary>
    [JsonStringEnumMemberName("create")]
    Create,

    /// <summary><c>GET /api/v1/tasks/{id}</c></summary>
    [JsonStringEnumMemberName("get")]
    Get,

    /// <summary><c>POST /api/v1/files</c></summary>
    [JsonStringEnumMemberName("files")]
    Files,
}
