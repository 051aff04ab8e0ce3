using System.Text.Json;
using System.Text.RegularExpressions;
using ImageGrid.Contracts.V1;
using ImageGrid.Server.Tests.Chaos;
using ImageGrid.Server.Tests.Infrastructure;

namespace ImageGrid.Server.Tests.Observability;

/// <summary>The Grafana dashboard beside the manifests charts only series a running server exports.</summary>
[Collection(ObservedServerCollection.Name)]
public sealed partial class DashboardTests(ObservedServerFixture fixture)
{
    private const string DashboardPath = "k8s/grafana/imagegrid-dashboard.json";

    private static readonly HashSet<string> PromQlKeywords = ["by", "without", "on", "ignoring", "group_left", "group_right", "bool", "and", "or", "unless", "offset"];

    [Fact]
    public async Task Every_metric_the_dashboard_queries_is_in_a_scrape_of_a_server_that_ran_a_task()
    {
        var names = MetricNames(DashboardExpressions());
        Assert.Contains("imagegrid_tasks_transitions_total", names);
        Assert.Contains("orleans_catalog_activations", names);

        // A task whose create Rivya answers 503 once and one that fails: every series the dashboard charts has had a
        // measurement (a series appears with its first one).
        var account = await fixture.CreateAccountAsync(100);
        var retried = $"dashboard-retried-{Guid.NewGuid():N}";
        var failed = $"dashboard-failed-{Guid.NewGuid():N}";
        await fixture.Simulator.AddFaultAsync(new { endpoint = "create", kind = "http_error", status = 503, count = 1, promptContains = retried });
        await fixture.Simulator.AddScriptAsync(new { promptContains = failed, outcome = "failed", errorCode = "generation_failed" });
        foreach (var prompt in new[] { retried, failed })
        {
            var created = await account.Client.CreateImageAsync(new CreateImageRequest { Prompt = prompt });
            await account.Client.WatchToEndAsync(created.Id);
        }

        await account.Client.WaitForNoReservationsAsync(Watching.Timeout);
        var exported = (await fixture.ScrapeAsync()).Names.ToHashSet();

        var missing = names.Where(name => !exported.Contains(name)).Order().ToList();
        Assert.True(missing.Count == 0, $"the dashboard queries series the server does not export: {string.Join(", ", missing)}");
    }

    private static List<string> DashboardExpressions()
    {
        using var dashboard = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryRoot(), DashboardPath)));
        var expressions = new List<string>();
        Collect(dashboard.RootElement, expressions);
        Assert.NotEmpty(expressions);
        return expressions;
    }

    private static void Collect(JsonElement element, List<string> expressions)
    {
        if (element.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in element.EnumerateObject())
            {
                if (property.Name == "expr")
                {
                    expressions.Add(property.Value.GetString()!);
                }
                else
                {
                    Collect(property.Value, expressions);
                }
            }
        }
        else if (element.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in element.EnumerateArray())
            {
                Collect(item, expressions);
            }
        }
    }

    /// <summary>The metric names in PromQL: identifiers that are not functions, keywords, labels or range selectors.</summary>
    private static HashSet<string> MetricNames(IEnumerable<string> expressions)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var expression in expressions)
        {
            var bare = Grouping().Replace(LabelMatchers().Replace(RangeSelectors().Replace(expression, ""), ""), "");
            foreach (Match identifier in Identifier().Matches(bare))
            {
                if (!PromQlKeywords.Contains(identifier.Value))
                {
                    names.Add(identifier.Value);
                }
            }
        }

        return names;
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "ImageGrid.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"ImageGrid.sln not found above {AppContext.BaseDirectory}");
    }

    [GeneratedRegex(@"\[[^\]]*\]")]
    private static partial Regex RangeSelectors();

    [GeneratedRegex(@"\{[^}]*\}")]
    private static partial Regex LabelMatchers();

    [GeneratedRegex(@"\b(by|without|on|ignoring)\s*\([^)]*\)")]
    private static partial Regex Grouping();

    /// <summary>An identifier not followed by "(" (a function) and not part of a number.</summary>
    [GeneratedRegex(@"(?<![\w.])[a-zA-Z_:][a-zA-Z0-9_:]*\b(?!\s*\()")]
    private static partial Regex Identifier();
}
