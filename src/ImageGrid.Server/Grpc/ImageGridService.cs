using Grpc.Core;
using ImageGrid.Catalog;
using ImageGrid.Contracts.V1;
using ImageGrid.Grains;
using ImageGrid.Grains.Accounts;
using ImageGrid.Grains.Diagnostics;
using ImageGrid.Grains.Idempotency;
using ImageGrid.Grains.TaskIndex;
using ImageGrid.Server.Auth;
using ImageGrid.Server.Diagnostics;
using ImageGrid.Server.References;

namespace ImageGrid.Server.Grpc;

/// <summary>The public ImageGrid service: validates, calls a grain, maps back. The caller's account comes from the auth interceptor.</summary>
public sealed class ImageGridService(IGrainFactory grains, ModelCatalog catalog, ImageRequestValidator validator, TaskWatchRelay taskRelay, AccountWatchRelay accountRelay,
    WatchStreams watchStreams, ReferenceUploads uploads, ReferenceResolver references, CreateMetrics createMetrics, TimeProvider time,
    ILogger<ImageGridService> logger)
    : Contracts.V1.ImageGrid.ImageGridBase
{
    private const int DefaultPageSize = 50;
    private const int MaxPageSize = 200;

    public override async Task<ImageTask> CreateImage(CreateImageRequest request, ServerCallContext context)
    {
        var outcome = "error";
        try
        {
            var task = await CreateImageAsync(request, context);
            outcome = CreateMetrics.Created;
            return task;
        }
        catch (Exception e)
        {
            outcome = CreateMetrics.OutcomeOf(e);
            throw;
        }
        finally
        {
            createMetrics.Completed(request.Model, outcome);
        }
    }

    private async Task<ImageTask> CreateImageAsync(CreateImageRequest request, ServerCallContext context)
    {
        var account = CallerAccount.Get(context);
        var ownReferenceUrls = await references.ResolveAsync(account, request, context.CancellationToken);
        var validation = validator.Validate(RequestMapper.ToInput(request, ownReferenceUrls));
        if (!validation.IsValid)
        {
            throw RpcErrors.InvalidArgument(validation.Violations);
        }

        // A call already cancelled or past its deadline claims no id, reserves no credits and never reaches Rivya.
        CallDeadline.ThrowIfOver(context, "the request was accepted");
        var (taskId, isNewTaskId) = await ClaimTaskIdAsync(account, validation.Request);
        using var logScope = TaskLogScope.Begin(logger, taskId, account);
        TaskTracing.TagCurrent(taskId, account);
        var submission = new TaskSubmission
        {
            AccountId = account,
            Request = validation.Request,
            Price = validation.Model.CreditsPerImage,
            IsNewTaskId = isNewTaskId,
        };
        CallDeadline.ThrowIfOver(context, "credits were reserved");
        var started = await grains.GetGrain<ITaskGrain>(taskId).StartAsync(submission);
        if (started.Task is not { } snapshot)
        {
            throw RpcErrors.InsufficientCredits(submission.Price, started.InsufficientBalance!);
        }

        // A non-OK status only for a create that made no Rivya task. Once Rivya has the task, the caller gets it as it
        // is, FAILED with its error included, on the first call and on every retry.
        if (snapshot.Status == ImageTaskStatus.Failed && snapshot.Progress.Error is not null && snapshot.Progress.RivyaTaskId.Length == 0)
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
        using var watch = OpenWatch(context);
        await watch.RunAsync(token => taskRelay.RelayAsync(grain, request.TaskId, request.AfterVersion, responseStream, token));
    }

    public override async Task<Contracts.V1.Balance> GetBalance(GetBalanceRequest request, ServerCallContext context) =>
        BalanceMapper.ToProto(await GrainRetry.ReadAsync(
            grains.GetGrain<IAccountGrain>(CallerAccount.Get(context)).GetBalanceAsync, time, context.CancellationToken));

    public override async Task<ListTasksResponse> ListTasks(ListTasksRequest request, ServerCallContext context)
    {
        var violations = new List<FieldViolation>();
        if (request.PageSize is < 0 or > MaxPageSize)
        {
            violations.Add(new FieldViolation("page_size", $"must be between 1 and {MaxPageSize} (0 means {DefaultPageSize}); got {request.PageSize}"));
        }

        var before = "";
        if (request.PageToken.Length > 0 && (!PageTokens.TryDecode(request.PageToken, out before) || !TaskIds.IsWellFormed(before)))
        {
            violations.Add(new FieldViolation("page_token", "is not a token this service gave out; pass next_page_token from the previous page, or nothing for the first page"));
        }

        if (!Enum.IsDefined(request.Status))
        {
            violations.Add(new FieldViolation("status", $"is not a known task status ({(int)request.Status})"));
        }

        if (violations.Count > 0)
        {
            throw RpcErrors.InvalidArgument(violations);
        }

        var status = request.Status == Contracts.V1.TaskStatus.Unspecified ? (ImageTaskStatus?)null : (ImageTaskStatus)request.Status;
        var page = await grains.GetGrain<IAccountTasksGrain>(CallerAccount.Get(context))
            .ListAsync(status, before.Length > 0 ? before : null, request.PageSize == 0 ? DefaultPageSize : request.PageSize);
        CallDeadline.ThrowIfOver(context, "the tasks were read");
        var snapshots = await Task.WhenAll(page.TaskIds.Select(id => grains.GetGrain<ITaskGrain>(id).GetAsync())).WaitAsync(context.CancellationToken);
        var response = new ListTasksResponse { NextPageToken = page.NextBeforeTaskId is { } next ? PageTokens.Encode(next) : "" };
        response.Tasks.AddRange(snapshots.OfType<TaskSnapshot>().Select(TaskMapper.ToProto));
        return response;
    }

    public override Task<ListModelsResponse> ListModels(ListModelsRequest request, ServerCallContext context) =>
        Task.FromResult(ModelCatalogMapper.ToProto(catalog));

    public override async Task WatchTasks(WatchTasksRequest request, IServerStreamWriter<TaskUpdate> responseStream, ServerCallContext context)
    {
        var account = CallerAccount.Get(context);
        using var watch = OpenWatch(context);
        await watch.RunAsync(token => accountRelay.RelayAsync(grains.GetGrain<IAccountTasksGrain>(account), account, responseStream, token));
    }

    public override Task<ReferenceFile> UploadReference(IAsyncStreamReader<UploadReferenceRequest> requestStream, ServerCallContext context) =>
        uploads.UploadAsync(CallerAccount.Get(context), requestStream, context.CancellationToken);

    private WatchStream OpenWatch(ServerCallContext context) =>
        watchStreams.Open(CallerAccount.GetKeyHash(context), CallerAccount.Get(context), context.CancellationToken);

    /// <summary>
    /// A client_request_id names one task of the account for the retention: the same request gets the same task, a
    /// different request with the same id is a conflict. Without one, every create is a new task.
    /// </summary>
    /// <returns>The task id, and whether it was made for this call (no earlier call can have stored that task).</returns>
    private async Task<(string TaskId, bool IsNew)> ClaimTaskIdAsync(string account, ImageRequest request)
    {
        var proposed = TaskIds.New();
        if (request.ClientRequestId.Length == 0)
        {
            return (proposed, true);
        }

        var claim = await grains.GetGrain<IIdempotencyGrain>(IdempotencyKey.For(account, request.ClientRequestId))
            .ClaimAsync(request.Fingerprint(), proposed);
        if (claim.IsConflict)
        {
            throw RpcErrors.IdempotencyConflict(request.ClientRequestId, claim.TaskId);
        }

        return (claim.TaskId, string.Equals(claim.TaskId, proposed, StringComparison.Ordinal));
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
            || await GrainRetry.ReadAsync(grains.GetGrain<ITaskGrain>(taskId).GetAsync, time, context.CancellationToken) is not { } snapshot
            || snapshot.AccountId != account)
        {
            throw RpcErrors.TaskNotFound(taskId);
        }

        return snapshot;
    }
}
