using System.Globalization;
using System.Text;
using Grpc.Core;
using ImageGrid.Server.Auth;

namespace ImageGrid.Server.Hosting;

/// <summary>
/// The request header limits, measured on what a handler gets: each header's name and value as decoded, not as HPACK
/// carried them. Kestrel's own per-field limit counts the octets on the wire, so a Huffman-coded 12 KB of 'a' passes it
/// as 7.5 KB. This middleware runs before any endpoint (gRPC interceptors and the API key check included).
/// </summary>
public static class RequestHeaderLimits
{
    public const int MaxHeaderBytes = 8 * 1024;
    public const int MaxTotalBytes = 16 * 1024;
    private const int ShownNameChars = 64;

    public static IApplicationBuilder UseRequestHeaderLimits(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (Violation(context.Request.Headers) is { } message)
        {
            await RefuseAsync(context, message);
            return;
        }

        await next(context);
    });

    /// <summary>What the headers break, as the message the caller gets, or null. A repeated name counts once per value.</summary>
    public static string? Violation(IHeaderDictionary headers)
    {
        var total = 0;
        foreach (var (name, values) in headers)
        {
            foreach (var value in values)
            {
                var bytes = Encoding.UTF8.GetByteCount(name) + Encoding.UTF8.GetByteCount(value ?? "");
                if (bytes > MaxHeaderBytes)
                {
                    var shown = name.Length > ShownNameChars ? $"{name[..ShownNameChars]}..." : name;
                    return $"request header '{shown}' is {bytes} bytes (name and value, decoded); the limit is {MaxHeaderBytes} bytes per header";
                }

                total += bytes;
            }
        }

        return total > MaxTotalBytes
            ? $"request headers are {total} bytes in all (names and values, decoded); the limit is {MaxTotalBytes} bytes in all"
            : null;
    }

    private static Task RefuseAsync(HttpContext context, string message)
    {
        if (context.Request.ContentType?.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase) == true)
        {
            // A trailers-only gRPC answer: the status travels in the response headers and the stream ends there.
            context.Response.StatusCode = StatusCodes.Status200OK;
            context.Response.ContentType = "application/grpc";
            context.Response.Headers["grpc-status"] = ((int)StatusCode.ResourceExhausted).ToString(CultureInfo.InvariantCulture);
            context.Response.Headers["grpc-message"] = GrpcTrailersOnly.PercentEncode(message);
            return Task.CompletedTask;
        }

        context.Response.StatusCode = StatusCodes.Status431RequestHeaderFieldsTooLarge;
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync(message);
    }
}
