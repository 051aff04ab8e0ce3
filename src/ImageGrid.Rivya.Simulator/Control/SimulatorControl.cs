using ImageGrid.Rivya.Simulator.Accounts;
using ImageGrid.Rivya.Simulator.Contract;
using ImageGrid.Rivya.Simulator.Faults;
using ImageGrid.Rivya.Simulator.Scripts;
using ImageGrid.Rivya.Simulator.Tasks;

namespace ImageGrid.Rivya.Simulator.Control;

/// <summary>
/// The test and benchmark controls, for hosts that run the simulator in-process (resolve it from <c>app.Services</c>);
/// the HTTP control API under <c>/_sim</c> calls the same methods.
/// </summary>
public sealed class SimulatorControl
{
    private readonly TaskStore tasks;
    private readonly AccountBook accounts;
    private readonly FaultBook faults;
    private readonly ScriptBook scripts;
    private readonly SimulatorStats stats;
    private readonly TimeProvider time;

    internal SimulatorControl(TaskStore tasks, AccountBook accounts, FaultBook faults, ScriptBook scripts, SimulatorStats stats, TimeProvider time)
    {
        this.tasks = tasks;
        this.accounts = accounts;
        this.faults = faults;
        this.scripts = scripts;
        this.stats = stats;
        this.time = time;
    }

    public SimulatorStatsSnapshot GetStats() => stats.Snapshot();

    public TaskInspection? FindTask(string taskId) => tasks.TryGet(taskId, out var task) ? Inspect(task) : null;

    public TaskInspection? FindTaskByClientRequestId(string clientRequestId) =>
        tasks.TryGetByClientRequestId(clientRequestId, out var task) ? Inspect(task) : null;

    /// <exception cref="ArgumentException">The fault is invalid.</exception>
    public void AddFault(FaultSpec fault)
    {
        ThrowIfInvalid(FaultSpecValidator.Validate(fault), nameof(fault));
        faults.Add(fault);
    }

    public void ClearFaults() => faults.Clear();

    /// <exception cref="ArgumentException">The script is invalid.</exception>
    public void AddScript(TaskScriptSpec script)
    {
        ThrowIfInvalid(TaskScriptSpecValidator.Validate(script), nameof(script));
        scripts.Add(script);
    }

    public void ClearScripts() => scripts.Clear();

    /// <summary>Sets the credits a key has available; reserved and spent credits are left as they are.</summary>
    public void SetCredits(string apiKey, long credits)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(credits);
        var account = accounts.For(apiKey);
        lock (account.Gate)
        {
            account.Credits.SettleDue(time.GetUtcNow());
            account.Credits.SetAvailable(credits);
        }
    }

    public CreditBalance GetCredits(string apiKey)
    {
        var account = accounts.For(apiKey);
        lock (account.Gate)
        {
            account.Credits.SettleDue(time.GetUtcNow());
            return account.Credits.Balance();
        }
    }

    private TaskInspection Inspect(SimulatedTask task) =>
        new(
            task.Id,
            task.ClientRequestId,
            task.StatusAt(time.GetUtcNow()),
            task.CreateRequests,
            task.Polls,
            task.ReferenceUrls,
            task.Timeline.CreatedAt,
            task.Timeline.RunningAt,
            task.Timeline.FinishedAt);

    private static void ThrowIfInvalid(IReadOnlyList<ErrorDetail> errors, string parameterName)
    {
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", errors.Select(error => $"{error.Field}: {error.Message}")), parameterName);
        }
    }
}
