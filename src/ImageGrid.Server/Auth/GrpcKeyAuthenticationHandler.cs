using System.Text.Encodings.Web;
using Grpc.Core;
using ImageGrid.Server.Grpc;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ImageGrid.Server.Auth;

/// <summary>
/// A key scheme of a gRPC service. A refusal reaches the caller as the gRPC status and message of a trailers-only
/// answer (to a gRPC client a bare HTTP 401 or 403 is only "Bad gRPC response"), and is logged once, as any call's
/// outcome, by <see cref="CallOutcomeLog"/>.
/// </summary>
public abstract class GrpcKeyAuthenticationHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, CallOutcomeLog log)
    // The base class's own lines (at Information for every refused call) would log the outcome a second time. The URL
    // encoder serves redirects, which no gRPC scheme makes.
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, NullLoggerFactory.Instance, UrlEncoder.Default)
{
    private const string Forbidden = "The key does not grant this call.";

    /// <summary>The caller's credentials are refused: UNAUTHENTICATED, with what to send instead.</summary>
    protected static AuthenticateResult Refuse(string message) =>
        AuthenticateResult.Fail(new RpcException(new Status(StatusCode.Unauthenticated, message)));

    /// <summary>
    /// Answers the refusal, or the failure of the key's lookup as any failed call is answered (UNAVAILABLE for cluster
    /// trouble, INTERNAL otherwise).
    /// </summary>
    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var failure = (await HandleAuthenticateOnceSafeAsync()).Failure
            ?? new InvalidOperationException($"{Scheme.Name} challenged a call it did not refuse.");
        var error = ErrorMappingInterceptor.Map(failure, log, Request.Path.Value ?? "", callerGone: Context.RequestAborted.IsCancellationRequested, deadlinePassed: false);
        await AnswerAsync(error.Status, StatusCodes.Status401Unauthorized);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        var error = new RpcException(new Status(StatusCode.PermissionDenied, Forbidden));
        log.Answered(Request.Path.Value ?? "", error);
        return AnswerAsync(error.Status, StatusCodes.Status403Forbidden);
    }

    private Task AnswerAsync(Status status, int httpStatus)
    {
        if (GrpcTrailersOnly.IsGrpcRequest(Request))
        {
            return GrpcTrailersOnly.WriteAsync(Response, status);
        }

        Response.StatusCode = httpStatus;
        Response.ContentType = "text/plain; charset=utf-8";
        return Response.WriteAsync(status.Detail);
    }
}
