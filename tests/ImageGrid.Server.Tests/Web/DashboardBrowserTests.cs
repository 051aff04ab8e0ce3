using System.Collections.Concurrent;
using System.Diagnostics;
using System.Threading.Channels;
using ImageGrid.Contracts.V1;
using ImageGrid.Server.Tests.Infrastructure;

namespace ImageGrid.Server.Tests.Web;

/// <summary>
/// The dashboard in a real browser: web/test/dashboard.browser.mjs drives Debian's headless Chromium through
/// playwright-core against this fixture's server (scripts/browser-prereqs.sh installs both; scripts/test.sh runs it).
/// The script creates a task from the form and waits for SUCCEEDED with a loaded thumbnail; this test then creates two
/// tasks as another client, over gRPC, one of them scripted to fail, which the page must show live (the failed one with
/// its error). The screenshot is kept with the test results.
/// </summary>
[Collection(ImageGridCollection.Name)]
public sealed class DashboardBrowserTests(ImageGridFixture fixture)
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(5);
    private static readonly string ChromiumPath = Environment.GetEnvironmentVariable("CHROMIUM_PATH") is { Length: > 0 } path ? path : "/usr/bin/chromium";
    private static readonly string WebFolder = Path.Combine(RepositoryRoot.Path, "web");

    public static string ScreenshotPath { get; } = Path.Combine(RepositoryRoot.Path, ".artifacts", "test-results", "screenshots", "dashboard.png");

    [Fact]
    public async Task A_task_created_in_the_page_succeeds_with_a_thumbnail_and_other_clients_tasks_appear_live()
    {
        AssertPrerequisites();
        var account = await fixture.CreateAccountAsync(credits: 3000);
        Directory.CreateDirectory(Path.GetDirectoryName(ScreenshotPath)!);
        File.Delete(ScreenshotPath);
        var failingPrompt = $"A refused image {Guid.NewGuid():N}";
        await fixture.Simulator.AddScriptAsync(new
        {
            promptContains = failingPrompt,
            outcome = "failed",
            errorCode = "content_policy",
            errorMessage = "The prompt was refused by the content policy.",
        });

        // What the script asks this test for, as another client of the same account (over gRPC), each answered with the
        // new task's id.
        var requests = new Dictionary<string, Func<Task<string>>>
        {
            ["NEED-SECOND-TASK"] = async () => (await account.Client.CreateImageAsync(new CreateImageRequest { Prompt = "A second image, from another client" })).Id,
            ["NEED-FAILING-TASK"] = async () => (await account.Client.CreateImageAsync(new CreateImageRequest { Prompt = failingPrompt })).Id,
        };
        var run = await RunScriptAsync(account, requests);

        Assert.True(run.ExitCode == 0 && run.Output.Contains("DASHBOARD-OK"),
            $"the browser script exited {run.ExitCode}:\n{string.Join('\n', run.Output)}");
        Assert.True(new FileInfo(ScreenshotPath).Length > 0, $"no screenshot at {ScreenshotPath}");
    }

    private async Task<ScriptRun> RunScriptAsync(TestAccount account, IReadOnlyDictionary<string, Func<Task<string>>> requests)
    {
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = WebFolder,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            Environment =
            {
                ["DASHBOARD_URL"] = fixture.WebUrl,
                ["IMAGEGRID_API_KEY"] = account.Key,
                ["SCREENSHOT_PATH"] = ScreenshotPath,
                ["CHROMIUM_PATH"] = ChromiumPath,
            },
        };
        start.ArgumentList.Add(Path.Combine("test", "dashboard.browser.mjs"));

        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start node");
        var output = new ConcurrentQueue<string>();
        var asked = Channel.CreateUnbounded<string>();
        process.OutputDataReceived += (_, line) =>
        {
            if (line.Data is null)
            {
                asked.Writer.TryComplete();
                return;
            }

            output.Enqueue(line.Data);
            if (requests.ContainsKey(line.Data))
            {
                asked.Writer.TryWrite(line.Data);
            }
        };
        process.ErrorDataReceived += (_, line) =>
        {
            if (line.Data is not null)
            {
                output.Enqueue(line.Data);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var timeout = new CancellationTokenSource(RunTimeout);
        try
        {
            await foreach (var request in asked.Reader.ReadAllAsync(timeout.Token))
            {
                var taskId = await requests[request]();
                output.Enqueue($"(test) {request}: created {taskId} over gRPC");
                await process.StandardInput.WriteLineAsync(taskId);
                await process.StandardInput.FlushAsync();
            }

            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            output.Enqueue($"(test) killed: no exit within {RunTimeout}");
            return new ScriptRun(-1, [.. output]);
        }

        // The asynchronous readers deliver the last lines after the exit: wait for the end of both streams.
        process.WaitForExit();
        return new ScriptRun(process.ExitCode, [.. output]);
    }

    private static void AssertPrerequisites()
    {
        var missing = new List<string>();
        if (!File.Exists(ChromiumPath))
        {
            missing.Add($"Chromium ({ChromiumPath})");
        }

        if (!Directory.Exists(Path.Combine(WebFolder, "node_modules", "playwright-core")))
        {
            missing.Add("web/node_modules (npm ci in web/)");
        }

        Assert.True(missing.Count == 0, $"missing {string.Join(" and ", missing)}: run `bash scripts/browser-prereqs.sh` (scripts/test.sh does)");
    }

    private sealed record ScriptRun(int ExitCode, IReadOnlyList<string> Output);
}
