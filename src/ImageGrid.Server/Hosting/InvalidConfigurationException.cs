namespace ImageGrid.Server.Hosting;

/// <summary>A setting is missing or wrong; the message is the one line the operator reads, naming the key to set.</summary>
public sealed class InvalidConfigurationException(string message) : Exception(message);
