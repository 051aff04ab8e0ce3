using Google.Protobuf;

namespace ImageGrid.Cli.Tests.Infrastructure;

/// <summary>Reads the tool's --json output back with protobuf's own JSON parser.</summary>
public static class ProtoJson
{
    public static T Parse<T>(string json) where T : IMessage<T>, new() => JsonParser.Default.Parse<T>(json);
}
