using Google.Rpc;
using Grpc.Core;
using ImageGrid.Cli.Connection;

namespace ImageGrid.Cli.Output;

/// <summary>
/// A failed call on stderr: the status and message, each field-level violation of a google.rpc.BadRequest detail on
/// a line of its own, and a hint where the fix is on the caller's side.
/// </summary>
public static class RpcErrorReport
{
    private const string TaskIdTrailer = "imagegrid-task-id";

    public static int Write(RpcException error, TextWriter stderr, ServiceSettings? settings)
    {
        stderr.WriteLine($"error: {StatusNames.Of(error.StatusCode)}: {error.Status.Detail}");
        foreach (var violation in FieldViolations(error))
        {
            stderr.WriteLine($"  {violation.Field}: {violation.Description}");
        }

        if (error.Trailers.GetValue(TaskIdTrailer) is { Length: > 0 } taskId)
        {
            stderr.WriteLine($"  task: {taskId}");
        }

        if (Hint(error.StatusCode, settings) is { } hint)
        {
            stderr.WriteLine(hint);
        }

        return ExitCodes.For(error.StatusCode);
    }

    private static IEnumerable<BadRequest.Types.FieldViolation> FieldViolations(RpcException error)
    {
        try
        {
            return error.GetRpcStatus()?.GetDetail<BadRequest>()?.FieldViolations ?? [];
        }
        catch (Google.Protobuf.InvalidProtocolBufferException)
        {
            // A status detail we cannot decode still leaves the status and its message to report.
            return [];
        }
    }

    private static string? Hint(StatusCode code, ServiceSettings? settings) => code switch
    {
        StatusCode.Unauthenticated or StatusCode.PermissionDenied =>
            $"hint: check {ServiceSettings.ApiKeyVariable} (the key is sent as 'authorization: Bearer <key>')",
        StatusCode.Unavailable when settings is not null =>
            $"hint: is ImageGrid running at {settings.Address}? ({ServiceSettings.UrlVariable} sets the address)",
        _ => null,
    };
}
