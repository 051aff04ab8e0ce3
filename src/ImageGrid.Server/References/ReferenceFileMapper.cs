using Google.Protobuf.WellKnownTypes;
using ImageGrid.Contracts.V1;
using ImageGrid.Grains.References;

namespace ImageGrid.Server.References;

public static class ReferenceFileMapper
{
    public static ReferenceFile ToProto(string id, ReferenceFileInfo file) => new()
    {
        Id = id,
        Url = file.Url,
        Name = file.Name,
        MimeType = file.MimeType,
        Kind = file.Kind,
        Size = file.Size,
        DurationToken = file.DurationToken ?? "",
        CreatedAt = Timestamp.FromDateTimeOffset(file.CreatedAt),
    };
}
