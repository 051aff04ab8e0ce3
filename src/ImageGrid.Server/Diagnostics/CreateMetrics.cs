using System.Diagnostics;
using System.Diagnostics.Metrics;
using Grpc.Core;
using ImageGrid.Catalog;

namespace ImageGrid.Server.Diagnostics;

/// <summary>
/// CreateImage calls by model and outcome (meter <see cref="WatchMetrics.MeterName"/>): <c>created</c> when the call
/// answered a task (new, or the same one again for a repeated client_request_id), otherwise the gRPC status it ended
/// with in snake case (<c>invalid_argument</c>, <c>resource_exhausted</c>, ...), <c>cancelled</c> or <c>error</c>.
/// A model not in the catalog counts as <c>unknown</c>, so a client cannot add series.
/// </summary>
public sealed class CreateMetrics(IMeterFactory meterFactory, ModelCatalog catalog)
{
    public const string Created = "created";

    private readonly Counter<long> _created = meterFactory.Create(WatchMetrics.MeterName)
        .CreateCounter<long>("imagegrid.tasks.created", "{call}", "CreateImage calls by model and outcome");

    public void Completed(string requestedModel, string outcome)
    {
        var model = requestedModel.Length == 0 ? catalog.DefaultModelId : catalog.TryGet(requestedModel, out _) ? requestedModel : "unknown";
        _created.Add(1, new TagList { { "model", model }, { "outcome", outcome } });
    }

    public static string OutcomeOf(Exception exception) => exception switch
    {
        RpcException rpc => SnakeCase(rpc.StatusCode),
        OperationCanceledException => "cancelled",
        _ => "error",
    };

    private static string SnakeCase(StatusCode code) => code switch
    {
        StatusCode.InvalidArgument => "invalid_argument",
        StatusCode.ResourceExhausted => "resource_exhausted",
        StatusCode.AlreadyExists => "already_exists",
        StatusCode.FailedPrecondition => "failed_precondition",
        StatusCode.DeadlineExceeded => "deadline_exceeded",
        StatusCode.NotFound => "not_found",
        StatusCode.Unavailable => "unavailable",
        StatusCode.Cancelled => "cancelled",
        StatusCode.Unauthenticated => "unauthenticated",
        StatusCode.PermissionDenied => "permission_denied",
        _ => "error",
    };
}
