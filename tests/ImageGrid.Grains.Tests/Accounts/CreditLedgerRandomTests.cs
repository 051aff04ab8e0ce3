using ImageGrid.Grains.Accounts;

namespace ImageGrid.Grains.Tests.Accounts;

/// <summary>
/// Random sequences of operations against the ledger and against a plain model of what each should do: the outcomes
/// agree, the invariant holds after every step, and the entries alone reproduce the balance.
/// </summary>
public sealed class CreditLedgerRandomTests
{
    private enum TaskPhase
    {
        None,
        Open,
        Settled,
        Released,
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Ten_thousand_random_operations_over_fifty_tasks_keep_every_invariant(int seed)
    {
        var random = new Random(seed);
        var state = new AccountState();
        var ledger = new CreditLedger(state);
        var taskIds = Enumerable.Range(0, 50).Select(i => $"task-{i:D2}").ToArray();

        // The model: nothing but the rules, written out plainly.
        var phases = taskIds.ToDictionary(id => id, _ => TaskPhase.None);
        var held = new Dictionary<string, long>();
        long granted = 0, spent = 0;
        long Reserved() => held.Values.Sum();
        long Available() => granted - Reserved() - spent;

        var now = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var outcomes = new Dictionary<CreditOutcomeKind, int>();
        for (var step = 0; step < 10_000; step++)
        {
            now = now.AddSeconds(1);
            var taskId = taskIds[random.Next(taskIds.Length)];
            var versionBefore = ledger.Version;
            CreditOutcomeKind expected, actual;
            switch (random.Next(100))
            {
                case < 5:
                {
                    var amount = random.Next(1, 30);
                    expected = CreditOutcomeKind.Applied;
                    granted += amount;
                    actual = ledger.Grant(amount, "grant", now);
                    break;
                }
                case < 10:
                {
                    var amount = random.Next(1, 30);
                    expected = amount > Available() ? CreditOutcomeKind.Insufficient : CreditOutcomeKind.Applied;
                    if (expected == CreditOutcomeKind.Applied)
                    {
                        granted -= amount;
                    }

                    actual = ledger.Deduct(amount, "deduct", now);
                    break;
                }
                case < 50:
                {
                    var amount = random.Next(1, 10);
                    expected = phases[taskId] != TaskPhase.None ? CreditOutcomeKind.AlreadyApplied
                        : amount > Available() ? CreditOutcomeKind.Insufficient
                        : CreditOutcomeKind.Applied;
                    if (expected == CreditOutcomeKind.Applied)
                    {
                        phases[taskId] = TaskPhase.Open;
                        held[taskId] = amount;
                    }

                    actual = ledger.Reserve(taskId, amount, now);
                    break;
                }
                case < 75:
                {
                    // Mostly the reserved price; sometimes less, and now and then more.
                    var final = held.TryGetValue(taskId, out var h) ? Math.Max(0, h + random.Next(-2, 2)) : random.Next(0, 10);
                    expected = phases[taskId] switch
                    {
                        TaskPhase.Open => CreditOutcomeKind.Applied,
                        TaskPhase.Settled => CreditOutcomeKind.AlreadyApplied,
                        _ => CreditOutcomeKind.NotReserved,
                    };
                    if (expected == CreditOutcomeKind.Applied)
                    {
                        phases[taskId] = TaskPhase.Settled;
                        held.Remove(taskId);
                        spent += final;
                    }

                    actual = ledger.Settle(taskId, final, now);
                    break;
                }
                default:
                {
                    expected = phases[taskId] switch
                    {
                        TaskPhase.Open => CreditOutcomeKind.Applied,
                        TaskPhase.Released => CreditOutcomeKind.AlreadyApplied,
                        _ => CreditOutcomeKind.NotReserved,
                    };
                    if (expected == CreditOutcomeKind.Applied)
                    {
                        phases[taskId] = TaskPhase.Released;
                        held.Remove(taskId);
                    }

                    actual = ledger.Release(taskId, "release", now);
                    break;
                }
            }

            Assert.Equal(expected, actual);
            outcomes[actual] = outcomes.GetValueOrDefault(actual) + 1;
            Assert.Equal(versionBefore + (actual == CreditOutcomeKind.Applied ? 1 : 0), ledger.Version);
            Assert.Equal((granted, Reserved(), spent), (ledger.Granted, ledger.Reserved, ledger.Spent));
            Assert.Equal(ledger.Granted, ledger.Available + ledger.Reserved + ledger.Spent);
        }

        // Every outcome was exercised, so the run proves something about each.
        Assert.All(Enum.GetValues<CreditOutcomeKind>().Where(k => k != CreditOutcomeKind.NoAccount), k => Assert.True(outcomes.GetValueOrDefault(k) > 0, $"{k} never happened"));

        AssertEntriesReproduceTheBalance(ledger);
        AssertOneReservationAndAtMostOneClosePerTask(ledger);
    }

    private static void AssertEntriesReproduceTheBalance(CreditLedger ledger)
    {
        var entries = ledger.Unstored;
        Assert.Equal(Enumerable.Range(1, entries.Count).Select(i => (long)i), entries.Select(e => e.Sequence));

        long Sum(LedgerEntryKind kind, Func<LedgerEntry, long> amount) => entries.Where(e => e.Kind == kind).Sum(amount);
        var granted = Sum(LedgerEntryKind.Grant, e => e.Amount) - Sum(LedgerEntryKind.Deduct, e => e.Amount);
        var reserved = Sum(LedgerEntryKind.Reserve, e => e.Amount)
            - Sum(LedgerEntryKind.Settle, e => e.ReservedAmount)
            - Sum(LedgerEntryKind.Release, e => e.Amount);
        var spent = Sum(LedgerEntryKind.Settle, e => e.Amount);

        Assert.Equal((ledger.Granted, ledger.Reserved, ledger.Spent), (granted, reserved, spent));
    }

    private static void AssertOneReservationAndAtMostOneClosePerTask(CreditLedger ledger)
    {
        foreach (var task in ledger.Unstored.Where(e => e.TaskId.Length > 0).GroupBy(e => e.TaskId))
        {
            var kinds = task.Select(e => e.Kind).ToList();
            Assert.Equal(LedgerEntryKind.Reserve, kinds[0]);
            Assert.Single(kinds, LedgerEntryKind.Reserve);
            Assert.True(kinds.Count <= 2, $"{task.Key}: {string.Join(", ", kinds)}");
            if (kinds.Count == 2)
            {
                Assert.Contains(kinds[1], new[] { LedgerEntryKind.Settle, LedgerEntryKind.Release });
                var reserve = task.First();
                var close = task.Last();
                Assert.Equal(reserve.Amount, close.Kind == LedgerEntryKind.Settle ? close.ReservedAmount : close.Amount);
            }
        }
    }
}
