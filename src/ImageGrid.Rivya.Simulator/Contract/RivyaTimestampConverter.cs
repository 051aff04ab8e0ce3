using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ImageGrid.Rivya.Simulator.Contract;

/// <summary>Writes times the way the contract's examples show them: UTC with milliseconds, e.g. <c>2026-05-11T00:00:00.000Z</c>.</summary>
internal sealed class RivyaTimestampConverter : JsonConverter<DateTimeOffset>
{
    private const string Format = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";

    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        DateTimeOffset.Parse(reader.GetString() ?? string.Empty, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.UtcDateTime.ToString(Format, CultureInfo.InvariantCulture));
}
