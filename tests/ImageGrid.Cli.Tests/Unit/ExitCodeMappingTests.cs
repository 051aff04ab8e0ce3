using Grpc.Core;

namespace ImageGrid.Cli.Tests.Unit;

public sealed class ExitCodeMappingTests
{
    [Theory]
    [InlineData(StatusCode.OK, 0)]
    [InlineData(StatusCode.InvalidArgument, 2)]
    [InlineData(StatusCode.Unauthenticated, 3)]
    [InlineData(StatusCode.PermissionDenied, 3)]
    [InlineData(StatusCode.Unavailable, 4)]
    [InlineData(StatusCode.DeadlineExceeded, 4)]
    [InlineData(StatusCode.NotFound, 5)]
    [InlineData(StatusCode.AlreadyExists, 5)]
    [InlineData(StatusCode.ResourceExhausted, 5)]
    [InlineData(StatusCode.FailedPrecondition, 5)]
    [InlineData(StatusCode.Internal, 6)]
    [InlineData(StatusCode.Unknown, 6)]
    [InlineData(StatusCode.Unimplemented, 6)]
    [InlineData(StatusCode.Cancelled, 130)]
    public void Each_status_has_its_documented_exit_code(StatusCode status, int exitCode) =>
        Assert.Equal(exitCode, ExitCodes.For(status));
}
