using ImageGrid.Catalog;
using ImageGrid.Contracts.V1;

namespace ImageGrid.Server.Grpc;

/// <summary>Turns the public request into the catalog's validation input; only fields the caller set become parameters.</summary>
public static class RequestMapper
{
    /// <param name="ownReferenceUrls">The caller's own URLs on the Files API's host (see <see cref="References.ReferenceResolver"/>).</param>
    public static ImageRequestInput ToInput(CreateImageRequest request, IReadOnlySet<string>? ownReferenceUrls = null)
    {
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        var p = request.Params ?? new ImageParams();
        if (p.AspectRatio.Length > 0)
        {
            parameters["aspect_ratio"] = p.AspectRatio;
        }

        if (p.Resolution.Length > 0)
        {
            parameters["resolution"] = p.Resolution;
        }

        return new ImageRequestInput(
            request.Model,
            request.Prompt,
            parameters,
            [.. p.References.Select(r => new ReferenceInput(r.Url, r.Kind, r.Name, r.MimeType))],
            request.ClientRequestId)
        {
            ParameterValues = new Dictionary<string, string>(p.Values, StringComparer.Ordinal),
            OwnReferenceUrls = ownReferenceUrls ?? new HashSet<string>(StringComparer.Ordinal),
        };
    }
}
