namespace ImageGrid.Server.Auth;

/// <summary>What the <c>authorization</c> metadata of a call carries.</summary>
public enum BearerKeyProblem
{
    None,
    Missing,
    NotBearer,
}

/// <summary>Reads <c>authorization: Bearer &lt;key&gt;</c>: the word Bearer (any case), a space, then the key.</summary>
public static class BearerKey
{
    private const string BearerPrefix = "Bearer ";

    /// <summary>The key, trimmed (possibly empty), or the problem with the metadata.</summary>
    public static (string Key, BearerKeyProblem Problem) Read(HttpRequest request)
    {
        var values = request.Headers.Authorization;
        if (values.Count == 0)
        {
            return ("", BearerKeyProblem.Missing);
        }

        // The first value, as gRPC's metadata lookup answers.
        var header = values[0] ?? "";
        return header.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase)
            ? (header[BearerPrefix.Length..].Trim(), BearerKeyProblem.None)
            : ("", BearerKeyProblem.NotBearer);
    }
}
