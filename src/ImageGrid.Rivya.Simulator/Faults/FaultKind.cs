using System.Text.Json.Serialization;

namespace ImageGrid.Rivya.Simulator.Faults;

[JsonConverter(typeof(JsonStringEnumConverter<FaultKind>))]
public enum FaultKind
{
    /// <summary>Answer <see cref="FaultSpec.Status"/> with an error body instead of handling the request.</summary>
    [JsonStringEnumMemberName("http_error")]
    HttpError,

    /// <summary>Answer 429 <c>rate_limited</c> with <c>Retry-After</c>.</summary>
    [JsonStringEnumMemberName("rate_limit")]
    RateLimit,

    /// <summary>Wait <see cref="FaultSpec.LatencyMs"/>, then handle the request normally.</summary>
    [JsonStringEnumMemberName("latency")]
    Latency,

    /// <summary>Handle the request (a create makes its task), then abort the connection without answering.</summary>
    [JsonStringEnumMemberName("drop_response")]
    DropResponse,
}
