using System.Buffers.Text;
using System.Text;

namespace ImageGrid.Server.Grpc;

/// <summary>Opaque page tokens: base64url of where the next page starts.</summary>
public static class PageTokens
{
    /// <summary>Longer than any token this service makes: such input is refused before it is decoded.</summary>
    private const int MaxTokenLength = 256;

    public static string Encode(string position) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(position));

    public static bool TryDecode(string token, out string position)
    {
        position = "";
        if (token.Length > MaxTokenLength || !Base64Url.IsValid(token))
        {
            return false;
        }

        position = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token));
        return true;
    }
}
