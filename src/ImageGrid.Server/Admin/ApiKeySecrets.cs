using System.Security.Cryptography;

namespace ImageGrid.Server.Admin;

/// <summary>New API keys: "igk_" and 128 random bits in hex. A key is shown once; only its hash is stored.</summary>
public static class ApiKeySecrets
{
    public static string New() => "igk_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
}
