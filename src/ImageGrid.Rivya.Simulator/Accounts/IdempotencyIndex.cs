using System.Diagnostics.CodeAnalysis;
using ImageGrid.Rivya.Simulator.Tasks;

namespace ImageGrid.Rivya.Simulator.Accounts;

/// <summary>
/// One key's client_request_id → task map (docs/rivya-contract.md, B6: the id is scoped to the key).
/// Not thread-safe: callers hold <see cref="Account.Gate"/>, which also makes lookup-then-create atomic.
/// </summary>
internal sealed class IdempotencyIndex
{
    private readonly Dictionary<string, SimulatedTask> tasks = new(StringComparer.Ordinal);

    public bool TryGet(string clientRequestId, [NotNullWhen(true)] out SimulatedTask? task) =>
        tasks.TryGetValue(clientRequestId, out task);

    public void Add(string clientRequestId, SimulatedTask task) => tasks.Add(clientRequestId, task);
}
