namespace ImageGrid.Testing;

/// <summary>Azurite on loopback (started by scripts/azurite.sh or scripts/bench.sh), reached directly or through a proxy.</summary>
public static class Azurite
{
    public const int BlobPort = 10000;
    public const int TablePort = 10002;
    public const string AccountName = "devstoreaccount1";

    /// <summary>Azurite's well-known development account key (public, the same for every Azurite).</summary>
    public const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    /// <summary>A Storage:ConnectionString for Azurite's account with its blob and table endpoints on the given loopback ports.</summary>
    public static string ConnectionString(int blobPort, int tablePort) =>
        $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={AccountKey};" +
        $"BlobEndpoint=http://127.0.0.1:{blobPort}/{AccountName};TableEndpoint=http://127.0.0.1:{tablePort}/{AccountName};";
}
