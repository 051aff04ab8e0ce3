using System.Globalization;
using ImageGrid.Server.Grpc;

namespace ImageGrid.Server.Admin;

/// <summary>
/// The ledger's page token: the last sequence of the previous page in decimal, as a <see cref="PageTokens"/> token.
/// Callers treat it as opaque; only a token this service could have made is accepted.
/// </summary>
public static class LedgerPageToken
{
    /// <summary>The token for the page after <paramref name="afterSequence"/>; empty when there is no next page (0).</summary>
    public static string Encode(long afterSequence) =>
        afterSequence <= 0 ? "" : PageTokens.Encode(afterSequence.ToString(CultureInfo.InvariantCulture));

    /// <summary>The sequence to read after: 0 for an empty token; false when the token is not one this service makes.</summary>
    public static bool TryDecode(string token, out long afterSequence)
    {
        afterSequence = 0;
        if (token.Length == 0)
        {
            return true;
        }

        if (!PageTokens.TryDecode(token, out var position)
            || !long.TryParse(position, NumberStyles.None, CultureInfo.InvariantCulture, out var sequence)
            || sequence <= 0
            || Encode(sequence) != token)
        {
            return false;
        }

        afterSequence = sequence;
        return true;
    }
}
