using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;

namespace ImageGrid.Rivya.Simulator.Tasks;

/// <summary>All tasks, by id and by the client_request_id they were created with.</summary>
internal sealed class TaskStore
{
    private readonly ConcurrentDictionary<string, SimulatedTask> byId = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, SimulatedTask> byClientRequestId = new(StringComparer.Ordinal);

    public void Add(SimulatedTask task)
    {
        byId[task.Id] = task;
        if (task.ClientRequestId is { } clientRequestId)
        {
            // Keys are separate idempotency scopes; across keys the first task with an id is the one looked up.
            byClientRequestId.TryAdd(clientRequestId, task);
        }
    }

    public bool TryGet(string id, [NotNullWhen(true)] out SimulatedTask? task) => byId.TryGetValue(id, out task);

    public bool TryGetByClientRequestId(string clientRequestId, [NotNullWhen(true)] out SimulatedTask? task) =>
        byClientRequestId.TryGetValue(clientRequestId, out task);
}
