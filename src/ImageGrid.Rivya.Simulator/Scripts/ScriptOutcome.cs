using System.Text.Json.Serialization;

namespace ImageGrid.Rivya.Simulator.Scripts;

[JsonConverter(typeof(JsonStringEnumConverter<ScriptOutcome>))]
public enum ScriptOutcome
{
    [JsonStringEnumMemberName("succeeded")]
    Succeeded,

    [JsonStringEnumMemberName("failed")]
    Failed,
}
