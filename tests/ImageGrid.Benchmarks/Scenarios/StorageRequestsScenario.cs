using System.Diagnostics;
using System.Globalization;
using ImageGrid.Benchmarks.Infrastructure;
using ImageGrid.Benchmarks.Reporting;
using ImageGrid.Contracts.V1;
using TaskStatus = ImageGrid.Contracts.V1.TaskStatus;

namespace ImageGrid.Benchmarks.Scenarios;

/// <summary>
/// Production's storage traffic, counted. One silo on Azure Storage (Azurite on loopback) behind a
/// <see cref="StorageCountingProxy"/>; N tasks one after the other, each created at 1 in flight and followed to the end
/// of its life (its result, its credits settled, storage quiet again). Reports the storage requests sent while
/// CreateImage was in flight (the create's critical path, in order) for the account's first create and a later one,
/// and every storage request of a task's life by container or table and by method.
/// </summary>
public sealed class StorageRequestsScenario : IScenario
{
    /// <summary>Orleans' cluster membership table: the silo's own heartbeat, not any task's.</summary>
    public const string MembershipTable = "OrleansSiloInstances";

    /// <summary>Orleans' reminder table: a task's and an account's reminders by key, and the silo's periodic read of its whole range.</summary>
    public const string ReminderTable = "OrleansReminders";

    private const string Prompt = "Benchmark storage: a harbour crane against a winter sky";

    public string Name => "storage-azure";

    public string Title => "Storage requests per create and per task life, one silo on Azure Storage (Azurite) behind a counting proxy";

    public StackOptions Stack(BenchSettings settings) =>
        new(Name, settings.StorageQueued, settings.StorageRunning, [], AzureStorage: true, CountStorageRequests: true);

    public async Task RunAsync(BenchStack stack, BenchSettings settings, ScenarioResult result, CancellationToken cancellationToken)
    {
        var proxy = stack.StorageProxy ?? throw new InvalidOperationException("the stack has no storage counting proxy");
        var lives = new List<TaskLife>();
        for (var i = 0; i < Math.Max(2, settings.StorageTasks); i++)
        {
            var life = await FollowOneTaskAsync(stack, proxy, settings, cancellationToken);
            lives.Add(life);
            Console.WriteLine($"    task {i + 1}: create {life.CreateMilliseconds:0.0} ms, {life.CreatePath.Count} storage requests before the answer" +
                $" ({life.RoundTrips} in sequence), {life.Life.Count} over its life of {life.LifeSeconds:0.0} s");
        }

        stack.ThrowIfExited();
        foreach (var (life, i) in lives.Select((life, i) => (life, i)))
        {
            Console.WriteLine($"    task {i + 1}, before the answer: {string.Join(", ", life.CreatePath.Select(r => r.Label))}");
            Console.WriteLine($"    task {i + 1}, its life: {ByResourceAndMethod(life.Life)}");
        }

        var first = lives[0];
        var later = lives[^1];
        foreach (var (name, life) in new[] { ("first create of the account", first), ("later create", later) })
        {
            result.Add(new Measurement($"{name}: storage requests before the answer", life.CreatePath.Count, "requests",
                Note: string.Join(", ", life.CreatePath.Select(r => r.Label))));
            result.Add(new Measurement($"{name}: storage round trips in sequence", life.RoundTrips, "round trips", Target: "<= 3", Met: life.RoundTrips <= 3,
                Note: $"create took {life.CreateMilliseconds:0.0} ms"));
        }

        var perLife = lives.Skip(1).Select(l => l.Life.Count).ToList();
        result.Add(new Measurement("storage requests per task life (later tasks)", Math.Round(perLife.Average(), 1), "requests", Target: "<= 7", Met: perLife.Max() <= 7,
            Note: ByResourceAndMethod(later.Life)));
        result.Add(new Measurement("storage requests of the account's first task", first.Life.Count, "requests", Note: ByResourceAndMethod(first.Life)));

        var all = proxy.Requests();
        var seconds = all.Count == 0 ? 0 : (all[^1].SentAtUtc - all[0].SentAtUtc).TotalSeconds;
        var background = all.Count(IsSilosOwn);
        result.Details["storage"] = "one silo on Azure Storage: Azurite on loopback (in memory), behind the counting proxy, on the same cores";
        result.Details["taskDurations"] = $"queued {settings.StorageQueued.TotalSeconds} s, running {settings.StorageRunning.TotalSeconds} s";
        result.Details["lifeEnds"] = $"the task's result seen, then no storage request but the silo's own for {settings.StorageQuiet.TotalSeconds} s";
        result.Details["silosOwnRequests"] = "not counted for any task: the membership table, and the reminder service's read of its whole range";
        result.Details["silosOwnRequestsPerMinute"] = seconds <= 0 ? 0 : Math.Round(background * 60 / seconds, 1);
        result.Details["tasks"] = lives.Select(l => new
        {
            l.TaskId,
            createMs = Math.Round(l.CreateMilliseconds, 2),
            l.RoundTrips,
            createPath = l.CreatePath.Select(r => Describe(r, l.CreateStartedAtUtc)).ToList(),
            lifeSeconds = Math.Round(l.LifeSeconds, 1),
            lifeRequests = l.Life.Count,
            lifeByResourceAndMethod = l.Life.GroupBy(r => r.Label).OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count()),
            life = l.Life.Select(r => Describe(r, l.CreateStartedAtUtc)).ToList(),
        }).ToList();
        result.Details["requestsSeenByTheProxy"] = all.Count;
    }

    private static async Task<TaskLife> FollowOneTaskAsync(BenchStack stack, StorageCountingProxy proxy, BenchSettings settings, CancellationToken cancellationToken)
    {
        var client = stack.Channels.Next();
        var clock = Stopwatch.StartNew();
        var startedAt = DateTime.UtcNow;
        var created = await client.CreateImageAsync(Load.ImageRequest(Prompt), stack.Channels.Auth, DateTime.UtcNow + Load.CallTimeout, cancellationToken);
        var createMilliseconds = clock.Elapsed.TotalMilliseconds;
        var answeredAt = DateTime.UtcNow;
        var createPath = TaskRequests(proxy.SentBetween(startedAt, answeredAt));

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(settings.StorageLifeBudget);
        while ((await client.GetTaskAsync(new GetTaskRequest { TaskId = created.Id }, stack.Channels.Auth, cancellationToken: deadline.Token)).Status
            is not (TaskStatus.Succeeded or TaskStatus.Failed))
        {
            await Task.Delay(100, deadline.Token);
        }

        // Credits settle after the result: the life ends when storage falls quiet.
        while (true)
        {
            var last = TaskRequests(proxy.SentBetween(startedAt, DateTime.UtcNow)).LastOrDefault()?.SentAtUtc ?? startedAt;
            if (DateTime.UtcNow - last >= settings.StorageQuiet)
            {
                var life = TaskRequests(proxy.SentBetween(startedAt, last));
                return new TaskLife(created.Id, startedAt, createMilliseconds, createPath, RoundTripsInSequence(createPath), life, (last - startedAt).TotalSeconds);
            }

            await Task.Delay(100, deadline.Token);
        }
    }

    private static IReadOnlyList<StorageRequest> TaskRequests(IEnumerable<StorageRequest> requests) =>
        [.. requests.Where(r => !IsSilosOwn(r))];

    /// <summary>The silo's heartbeat and its reminder range refresh (a table query with no PartitionKey in the path).</summary>
    private static bool IsSilosOwn(StorageRequest request) =>
        request.Resource == MembershipTable
        || (request.Resource == ReminderTable && !request.Path.Contains("PartitionKey", StringComparison.Ordinal));

    /// <summary>Requests one after the other: a request sent while an earlier one was still unanswered shares its round trip.</summary>
    private static int RoundTripsInSequence(IEnumerable<StorageRequest> requests)
    {
        var roundTrips = 0;
        var answeredBy = DateTime.MinValue;
        foreach (var request in requests.OrderBy(r => r.SentAtUtc))
        {
            if (request.SentAtUtc >= answeredBy)
            {
                roundTrips++;
            }

            var answeredAt = request.AnsweredAtUtc ?? DateTime.MaxValue;
            answeredBy = answeredAt > answeredBy ? answeredAt : answeredBy;
        }

        return roundTrips;
    }

    private static string ByResourceAndMethod(IEnumerable<StorageRequest> requests) =>
        string.Join(", ", requests.GroupBy(r => $"{r.Service} {r.Resource}").OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => $"{g.Key}: " + string.Join(" ", g.GroupBy(r => r.Method).Select(m => $"{m.Key} x{m.Count()}"))));

    private static string Describe(StorageRequest request, DateTime origin) => string.Create(CultureInfo.InvariantCulture,
        $"+{(request.SentAtUtc - origin).TotalMilliseconds:0.0} ms {request.Label} -> {request.Status} after {((request.AnsweredAtUtc ?? request.SentAtUtc) - request.SentAtUtc).TotalMilliseconds:0.0} ms ({request.Path})");

    private sealed record TaskLife(
        string TaskId, DateTime CreateStartedAtUtc, double CreateMilliseconds, IReadOnlyList<StorageRequest> CreatePath, int RoundTrips,
        IReadOnlyList<StorageRequest> Life, double LifeSeconds);
}
