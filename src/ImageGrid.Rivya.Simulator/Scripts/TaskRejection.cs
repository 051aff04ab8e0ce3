using System.Text.Json.Serialization;

namespace ImageGrid.Rivya.Simulator.Scripts;

/// <summary>An error a scripted create answers with instead of creating a task.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<TaskRejection>))]
public enum TaskRejection
{
    [JsonStringEnumMemberName("validation_failed")]
    ValidationFailed,

    [JsonStringEnumMemberName("insufficient_credits")]
    InsufficientCredits,

    [JsonStringEnumMemberName("not_found")]
    NotFound,

    [JsonStringEnumMemberName("idempotency_conflict")]
    IdempotencyConflict,
}
