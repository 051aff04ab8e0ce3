using Grpc.Core;

namespace ImageGrid.Cli;

/// <summary>The process exit codes, documented in the README's "Command line: imagegrid" section.</summary>
public static class ExitCodes
{
    public const int Success = 0;
    public const int TaskFailed = 1;
    public const int BadInput = 2;
    public const int Authentication = 3;
    public const int Unavailable = 4;
    public const int Refused = 5;
    public const int OtherError = 6;
    public const int Interrupted = 130;

    public static int For(StatusCode status) => status switch
    {
        StatusCode.OK => Success,
        StatusCode.InvalidArgument => BadInput,
        StatusCode.Unauthenticated or StatusCode.PermissionDenied => Authentication,
        StatusCode.Unavailable or StatusCode.DeadlineExceeded => Unavailable,
        StatusCode.NotFound or StatusCode.AlreadyExists or StatusCode.ResourceExhausted
            or StatusCode.FailedPrecondition or StatusCode.OutOfRange or StatusCode.Aborted => Refused,
        StatusCode.Cancelled => Interrupted,
        _ => OtherError,
    };
}
