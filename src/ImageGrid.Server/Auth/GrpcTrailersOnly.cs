using System.Globalization;
using System.Text;
using Grpc.Core;

namespace ImageGrid.Server.Auth;

/// <summary>
/// A gRPC answer written before the call reaches grpc-dotnet: HTTP 200 with the status in the response headers and no
/// body, which every gRPC client (and gRPC-Web, through its middleware) reads as the call's status.
/// </summary>
public static class GrpcTrailersOnly
{
    public static bool IsGrpcRequest(HttpRequest request) =>
        request.ContentType?.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase) == true;

    public static Task WriteAsync(HttpResponse response, Status status)
    {
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/grpc";
        response.Headers["grpc-status"] = ((int)status.StatusCode).ToString(CultureInfo.InvariantCulture);
        response.Headers["grpc-message"] = PercentEncode(status.Detail);
        return Task.CompletedTask;
    }

    /// <summary>grpc-message is percent-encoded (gRPC over HTTP/2).</summary>
    internal static string PercentEncode(string message)
    {
        var encoded = new StringBuilder(message.Length);
        foreach (var b in Encoding.UTF8.GetBytes(message))
        {
            if (b is >= 0x20 and <= 0x7E && b != (byte)'%')
            {
                encoded.Append((char)b);
            }
            else
            {
                encoded.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return encoded.ToString();
    }
}
