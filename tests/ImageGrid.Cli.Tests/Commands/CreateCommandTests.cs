using System.Text.Json;
using ImageGrid.Cli.Tests.Infrastructure;
using ImageGrid.Contracts.V1;
using TaskStatus = ImageGrid.Contracts.V1.TaskStatus;

namespace ImageGrid.Cli.Tests.Commands;

[Collection(ServerCollection.Name)]
public sealed class CreateCommandTests(ServerFixture server)
{
    private const string Prompt = "A lighthouse at dawn, watercolour";

    [Fact]
    public async Task Create_with_watch_and_out_prints_a_progress_line_per_update_and_saves_the_image()
    {
        using var folder = new TempFolder();
        var saveInto = Path.Combine(folder.Path, "images");
        // Long enough phases that the watch, however slow the machine, starts before the end and sees transitions.
        var marker = $"slow-{Guid.NewGuid():N}";
        await server.SlowTasksWithPromptAsync(marker, queued: TimeSpan.FromSeconds(2), running: TimeSpan.FromSeconds(2));

        var run = await server.RunAsync("create", $"{Prompt} {marker}", "--param", "resolution=1K", "--param", "aspect_ratio=16:9", "--watch", "--out", saveInto);

        Assert.True(run.ExitCode == 0, run.ToString());
        // Redirected output: one plain line per update, "<task id>  <STATUS>  v<version>  <age>".
        var progress = run.StdoutLines.Where(line => line.StartsWith("tsk_", StringComparison.Ordinal)).ToList();
        Assert.DoesNotContain("\r", run.Stdout);
        Assert.Contains(progress, line => line.Contains("  RUNNING  ", StringComparison.Ordinal));
        Assert.Contains("  SUCCEEDED  ", progress[^1]);
        var versions = progress.Select(line => long.Parse(line.Split("  ")[2].TrimStart('v'), System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(Enumerable.Range((int)versions[0], versions.Count).Select(v => (long)v), versions);

        var taskId = progress[0].Split("  ")[0];
        var savedPath = Path.Combine(saveInto, $"{taskId}-1.png");
        Assert.Contains($"saved {savedPath}", run.StdoutLines);
        Assert.Equal((1024, 576, "PNG"), TestImages.Describe(savedPath));
    }

    [Fact]
    public async Task Create_with_out_alone_waits_quietly_for_the_end_and_saves_the_image()
    {
        using var folder = new TempFolder();

        var run = await server.RunAsync("create", Prompt, "--out", folder.Path);

        Assert.True(run.ExitCode == 0, run.ToString());
        var saved = Assert.Single(run.StdoutLines);
        Assert.StartsWith($"saved {folder.Path}{Path.DirectorySeparatorChar}tsk_", saved);
        Assert.Equal((1024, 1024, "PNG"), TestImages.Describe(saved["saved ".Length..]));
    }

    [Fact]
    public async Task Create_with_watch_and_json_prints_each_update_as_a_line_of_protobuf_json()
    {
        var run = await server.RunAsync("create", Prompt, "--watch", "--json");

        Assert.True(run.ExitCode == 0, run.ToString());
        var updates = run.StdoutLines.Select(line =>
        {
            using var document = JsonDocument.Parse(line);
            Assert.Equal(JsonValueKind.Object, document.RootElement.ValueKind);
            return ProtoJson.Parse<TaskUpdate>(line);
        }).ToList();
        Assert.Equal(TaskStatus.Succeeded, updates[^1].Task.Status);
        Assert.Single(updates[^1].Task.Images);
        Assert.All(updates, update => Assert.Equal(updates[0].Task.Id, update.Task.Id));
        Assert.Equal(Enumerable.Range(0, updates.Count).Select(i => updates[0].Task.Version + i), updates.Select(u => u.Task.Version));
    }

    [Fact]
    public async Task Create_with_json_alone_prints_the_created_task_and_returns_at_once()
    {
        var run = await server.RunAsync("create", Prompt, "--json", "--client-request-id", $"cli-{Guid.NewGuid():N}");

        Assert.True(run.ExitCode == 0, run.ToString());
        var task = ProtoJson.Parse<ImageTask>(Assert.Single(run.StdoutLines));
        Assert.StartsWith("tsk_", task.Id);
        Assert.Equal(Prompt, task.Prompt);
        Assert.Contains(task.Status, new[] { TaskStatus.Submitting, TaskStatus.Queued, TaskStatus.Running, TaskStatus.Succeeded });
    }

    [Fact]
    public async Task A_parameter_outside_its_options_exits_2_with_the_field_named_on_stderr()
    {
        var run = await server.RunAsync("create", Prompt, "--param", "resolution=9K");

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("INVALID_ARGUMENT", run.Stderr);
        Assert.Contains("  params.resolution: must be one of 1K, 2K, 4K (got \"9K\")", run.Stderr);
        Assert.Equal("", run.Stdout);
    }

    [Fact]
    public async Task Every_bad_field_is_listed_on_a_line_of_its_own()
    {
        var run = await server.RunAsync("create", " ", "--param", "aspect_ratio=2:1", "--param", "colour=blue");

        Assert.True(run.ExitCode == 2, run.ToString());
        var fields = run.Stderr.Split('\n').Where(line => line.StartsWith("  ", StringComparison.Ordinal)).Select(line => line.Trim().Split(':')[0]).Order();
        Assert.Equal(["params.aspect_ratio", "params.colour", "prompt"], fields);
    }

    [Fact]
    public async Task A_task_that_fails_exits_1_with_its_error()
    {
        var marker = $"fail-{Guid.NewGuid():N}";
        await server.FailTasksWithPromptAsync(marker, "content_policy", "the prompt was refused by the content policy");

        var run = await server.RunAsync("create", $"{Prompt} {marker}", "--watch");

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains("  FAILED  ", run.StdoutLines[^1]);
        Assert.Contains("failed: content_policy: the prompt was refused by the content policy", run.Stderr);
    }

    [Fact]
    public async Task A_reference_file_is_uploaded_first_and_the_task_references_the_upload()
    {
        using var folder = new TempFolder();
        var png = TestImages.WritePng(folder.Path, "reference.png");

        var run = await server.RunAsync("create", Prompt, "--ref", png, "--json");

        Assert.True(run.ExitCode == 0, run.ToString());
        var uploaded = Assert.Single(run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries), line => line.StartsWith("uploaded reference.png as ref_", StringComparison.Ordinal));
        var url = uploaded.Split(' ')[^1];
        var task = ProtoJson.Parse<ImageTask>(Assert.Single(run.StdoutLines));
        // The task echoes the reference as the service resolved the file id: the URL the upload returned.
        var reference = Assert.Single(task.Params.References);
        Assert.Equal((url, "image/png"), (reference.Url, reference.MimeType));
    }

    [Fact]
    public async Task A_reference_that_is_not_an_image_exits_2_before_anything_is_sent()
    {
        using var folder = new TempFolder();
        var notAnImage = Path.Combine(folder.Path, "notes.txt");
        await File.WriteAllTextAsync(notAnImage, "not an image");
        var key = (await server.CreateAccountAsync(credits: 30)).Key;

        var run = await server.RunWithKeyAsync(key, "create", Prompt, "--ref", notAnImage);

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("notes.txt: not a PNG, JPEG or WebP image", run.Stderr);
        var list = await server.RunWithKeyAsync(key, "list", "--json");
        Assert.Empty(ProtoJson.Parse<ListTasksResponse>(list.Stdout).Tasks);
    }
}
