using System.Security.Cryptography;
using System.Text;

namespace ImageGrid.Grains.Accounts;

/// <summary>Keys are stored and looked up only by this hash.</summary>
public static class ApiKeyHash
{
    public static string Of(string apiKey) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(apiKey)));
}
