namespace ImageGrid.Rivya.Simulator.Files;

internal sealed record StoredFile(string Id, string Name, string MimeType, byte[] Content);
