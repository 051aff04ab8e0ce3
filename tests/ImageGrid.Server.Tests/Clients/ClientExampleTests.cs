using System.Text.RegularExpressions;
using ImageGrid.Contracts.V1;
using ImageGrid.Server.Tests.Infrastructure;

namespace ImageGrid.Server.Tests.Clients;

/// <summary>
/// What every example client must do against a real server, read from its one run: a bad request's BadRequest details,
/// a task created and watched to SUCCEEDED across dropped streams resumed by after_version, the image saved as a PNG.
/// </summary>
public abstract partial class ClientExampleTests(ClientExamplesFixture fixture)
{
    /// <summary>The example's name, which also keys its one run.</summary>
    protected abstract string Name { get; }

    protected abstract string FileName { get; }

    protected abstract IEnumerable<string> Arguments { get; }

    [Fact]
    public async Task It_watches_the_task_it_creates_to_SUCCEEDED_as_the_server_sees_it()
    {
        var outcome = await RunAsync();

        Assert.True(outcome.Run.ExitCode == 0, outcome.Run.ToString());
        var taskId = CreatedTaskId(outcome.Run);
        Assert.Contains($"task {taskId} SUCCEEDED", outcome.Run.StandardOutput);
        var task = await outcome.Account.Client.GetTaskAsync(new GetTaskRequest { TaskId = taskId });
        Assert.Equal(Contracts.V1.TaskStatus.Succeeded, task.Status);
        Assert.Equal($"update: version {task.Version} SUCCEEDED", outcome.Run.StandardOutput.Last(line => line.StartsWith("update: ", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task It_resumes_a_dropped_watch_after_the_last_version_seen_missing_and_repeating_nothing()
    {
        var outcome = await RunAsync();

        var lines = outcome.Run.StandardOutput;
        var resumes = lines
            .Select((line, index) => (Match: DroppedLine().Match(line), Index: index))
            .Where(resume => resume.Match.Success && long.Parse(resume.Match.Groups["version"].Value) > 0)
            .ToList();
        Assert.True(resumes.Count > 0, $"no resume after a version was seen:\n{outcome.Run}");
        var (match, index) = resumes[0];
        Assert.Equal("DEADLINE_EXCEEDED", match.Groups["reason"].Value);
        var nextVersion = long.Parse(match.Groups["version"].Value) + 1;
        Assert.Contains(lines.Skip(index + 1), line => line.StartsWith($"update: version {nextVersion} ", StringComparison.Ordinal));

        var versions = lines.Select(line => UpdateLine().Match(line)).Where(update => update.Success).Select(update => long.Parse(update.Groups["version"].Value)).ToList();
        Assert.Equal(Enumerable.Range((int)versions[0], versions.Count).Select(version => (long)version), versions);
    }

    [Fact]
    public async Task It_prints_the_field_violations_of_a_bad_requests_BadRequest_detail()
    {
        var outcome = await RunAsync();

        var lines = outcome.Run.StandardOutput;
        Assert.Contains(lines, line => line.StartsWith("bad request: INVALID_ARGUMENT: ", StringComparison.Ordinal));
        Assert.Contains("  field violation: prompt: is required", lines);
        Assert.Contains(lines, line => line.StartsWith("  field violation: params.aspect_ratio: must be one of ", StringComparison.Ordinal) && line.EndsWith("(got \"2:1\")", StringComparison.Ordinal));
    }

    [Fact]
    public async Task It_downloads_the_result_to_a_file_that_is_the_1K_PNG()
    {
        var outcome = await RunAsync();

        Assert.True(File.Exists(outcome.ImagePath), outcome.Run.ToString());
        Assert.Equal((1024, 1024), Png.Size(await File.ReadAllBytesAsync(outcome.ImagePath)));
        Assert.Contains(outcome.Run.StandardOutput, line => line.StartsWith("saved 1024x1024 PNG (", StringComparison.Ordinal) && line.EndsWith($"to {outcome.ImagePath}", StringComparison.Ordinal));
    }

    private Task<ExampleOutcome> RunAsync() => fixture.RunOnceAsync(Name, async () =>
    {
        var account = await fixture.CreateAccountAsync(credits: 100);
        var workingDirectory = Directory.CreateDirectory(Path.Combine(fixture.WorkDirectory, Name)).FullName;
        var imagePath = Path.Combine(workingDirectory, "result.png");
        var environment = new Dictionary<string, string>
        {
            ["IMAGEGRID_URL"] = fixture.GrpcUrl,
            ["IMAGEGRID_API_KEY"] = account.Key,
            ["IMAGEGRID_WATCH_ATTEMPT_SECONDS"] = ClientExamplesFixture.WatchAttempt.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["IMAGEGRID_OUT"] = imagePath,
            // Everything is on loopback; a proxy configured for the machine must not stand in between.
            ["no_proxy"] = "127.0.0.1,localhost",
            ["NO_PROXY"] = "127.0.0.1,localhost",
        };
        var run = await ExampleRun.UntilExitAsync(FileName, Arguments, environment, workingDirectory);
        return new ExampleOutcome(run, account, imagePath);
    });

    private static string CreatedTaskId(ExampleRun run)
    {
        var created = run.StandardOutput.Select(line => CreatedLine().Match(line)).FirstOrDefault(match => match.Success);
        Assert.True(created is not null, $"no task created:\n{run}");
        return created.Groups["id"].Value;
    }

    [GeneratedRegex(@"^created task (?<id>tsk_\w+) \(")]
    private static partial Regex CreatedLine();

    [GeneratedRegex(@"^update: version (?<version>\d+) [A-Z]+$")]
    private static partial Regex UpdateLine();

    [GeneratedRegex(@"^stream dropped after version (?<version>\d+) \((?<reason>[A-Z_]+)\); resuming with after_version=\k<version>$")]
    private static partial Regex DroppedLine();
}
