using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using ImageGrid.Catalog;
using ImageGrid.Grains;
using ImageGrid.Rivya;

namespace ImageGrid.Server.Grpc;

/// <summary>The errors callers see, with the status code and details that tell them what to change.</summary>
public static class RpcErrors
{
    /// <summary>Trailer naming the ImageGrid task a failed CreateImage left behind.</summary>
    public const string TaskIdTrailer = "imagegrid-task-id";

    /// <summary>
    /// INVALID_ARGUMENT with a google.rpc.BadRequest detail listing every offending field (bounded in size, see
    /// <see cref="ViolationReport"/>).
    /// </summary>
    public static RpcException InvalidArgument(IReadOnlyList<FieldViolation> violations)
    {
        var (message, badRequest) = ViolationReport.Build(violations);
        return new Google.Rpc.Status { Code = (int)Code.InvalidArgument, Message = message, Details = { Any.Pack(badRequest) } }.ToRpcException();
    }

    public static RpcException InsufficientCredits(long price, Grains.Accounts.Balance balance) =>
        new(new global::Grpc.Core.Status(StatusCode.ResourceExhausted,
            $"Not enough credits: this image costs {price} and the account has {balance.Available} available " +
            $"({balance.Reserved} reserved by unfinished tasks, {balance.Spent} spent, {balance.Granted} granted). Ask an admin for a grant."));

    /// <summary>ALREADY_EXISTS (idempotency_conflict) naming the task the id already belongs to.</summary>
    public static RpcException IdempotencyConflict(string clientRequestId, string existingTaskId) =>
        new(new global::Grpc.Core.Status(StatusCode.AlreadyExists,
                $"idempotency_conflict: client_request_id '{clientRequestId}' was already used for a different request (task {existingTaskId}); " +
                "use a new client_request_id, or repeat the original request to get that task."),
            new Metadata { { TaskIdTrailer, existingTaskId } });

    public static RpcException TaskNotFound(string taskId) =>
        new(new global::Grpc.Core.Status(StatusCode.NotFound, $"No task '{taskId}' exists for this API key's account."));

    /// <summary>Rivya rejected the task at create: the same status the rejection means, with the failed task's id.</summary>
    public static RpcException CreateRejected(TaskSnapshot snapshot)
    {
        var failure = snapshot.Progress.Error!;
        var (code, message) = failure.Code switch
        {
            RivyaErrorCodes.ValidationFailed => (StatusCode.InvalidArgument, $"Rivya rejected the request: {failure.Message}"),
            RivyaErrorCodes.InsufficientCredits => (StatusCode.FailedPrecondition, $"Rivya's account has too few credits for this task: {failure.Message}"),
            RivyaErrorCodes.IdempotencyConflict => (StatusCode.AlreadyExists, $"Rivya already has a different task for this request id: {failure.Message}"),
            RivyaErrorCodes.NotFound => (StatusCode.NotFound, $"Rivya could not find something the request refers to: {failure.Message}"),
            TaskFailureCodes.DeadlineExceeded => (StatusCode.DeadlineExceeded, $"Rivya never acknowledged the task: {failure.Message}"),
            RivyaErrorCodes.Unauthorized => (StatusCode.Internal, "ImageGrid's credentials for Rivya were rejected; operators should check Rivya:ApiKey."),
            _ => (StatusCode.Internal, $"Rivya rejected the task ({failure.Code}): {failure.Message}"),
        };
        var trailers = new Metadata { { TaskIdTrailer, snapshot.TaskId } };
        return new RpcException(new global::Grpc.Core.Status(code, $"{message} (task {snapshot.TaskId} is FAILED)"), trailers);
    }
}
