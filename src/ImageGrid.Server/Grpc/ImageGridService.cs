using Grpc.Core;
using ImageGrid.Catalog;
using ImageGrid.Contracts.V1;
using ImageGrid.Grains;
using ImageGrid.Server.Auth;

namespace ImageGrid.Server.Grpc;

/// <summary>The public ImageGrid service: validates, calls one grain, maps back. The caller's account comes from the auth interceptor.</summary>
public sealed class ImageGridService(IGrainFactory grains, ImageRequestValidator validator, TaskWatchRelay relay)
    : Contracts.V1.ImageGrid.ImageGridBase
{
    public override async Task<ImageTask> CreateImage(CreateImageRequest request, ServerCallContext context)
    {
        var account = CallerAccount.Get(context);
        var validation = validator.Validate(RequestMapper.ToInput(request));
        if (!validation.IsValid)
        {
            throw RpcErrors.InvalidArgument(validation.Violations);
        }

        var taskId = TaskIds.New();
        var snapshot = await grains.GetGrain<ITaskGrain>(taskId)
            .StartAsync(new TaskSubmission { AccountId = account, Request = validation.Request });
        if (snapshot.Status == ImageTaskStatus.Failed && snapshot.Progress.Error is not null)
        {
            throw RpcErrors.CreateRejected(snapshot);
        }

        return TaskMapper.ToProto(snapshot);
    }

    public override async Task<ImageTask> GetTask(GetTaskRequest request, ServerCallContext context) =>
        TaskMapper.ToProto(await FindOwnTaskAsync(request.TaskId, context));

    public override async Task WatchTask(WatchTaskRequest request, IServerStreamWriter<TaskUpdate> responseStream, ServerCallContext context)
    {
        if (request.AfterVersion < 0)
        {
            throw RpcErrors.InvalidArgument([new FieldViolation("after_version", $"must be 0 or more; got {request.AfterVersion}")]);
        }

        await FindOwnTaskAsync(request.TaskId, context);
        var grain = grains.GetGrain<ITaskGrain>(request.TaskId);
        await relay.RelayAsync(grain, request.TaskId, request.AfterVersion, responseStream, context.CancellationToken);
    }

    /// <summary>Another account's task answers exactly like a task that does not exist.</summary>
    private async Task<TaskSnapshot> FindOwnTaskAsync(string taskId, ServerCallContext context)
    {
        if (string.IsNullOrEmpty(taskId))
        {
            throw RpcErrors.InvalidArgument([new FieldViolation("task_id", "is required")]);
        }

        var account = CallerAccount.Get(context);
        if (!TaskIds.IsWellFormed(taskId)
            || await grains.GetGrain<ITaskGrain>(taskId).GetAsync() is not { } snapshot
            || snapshot.AccountId != account)
        {
            throw RpcErrors.TaskNotFound(taskId);
        }

        return snapshot;
    }
}
