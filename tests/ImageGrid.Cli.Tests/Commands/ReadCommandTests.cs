using ImageGrid.Cli.Tests.Infrastructure;
using ImageGrid.Contracts.V1;
using TaskStatus = ImageGrid.Contracts.V1.TaskStatus;

namespace ImageGrid.Cli.Tests.Commands;

/// <summary>get, list, balance, models and watch, each on an account of the test's own where counts matter.</summary>
[Collection(ServerCollection.Name)]
public sealed class ReadCommandTests(ServerFixture server)
{
    private const string Prompt = "A red bicycle against a blue wall";

    [Fact]
    public async Task Get_shows_the_finished_task_for_people_and_as_json()
    {
        var taskId = await CreateFinishedTaskAsync(ServerFixture.DemoKey);

        var text = await server.RunAsync("get", taskId);
        var json = await server.RunAsync("get", taskId, "--json");

        Assert.True(text.ExitCode == 0, text.ToString());
        Assert.Contains($"task       {taskId}", text.StdoutLines);
        Assert.Contains("status     SUCCEEDED", text.StdoutLines);
        Assert.Contains(text.StdoutLines, line => line.StartsWith("image      http", StringComparison.Ordinal) && line.EndsWith("(1024×1024 image/png)", StringComparison.Ordinal));
        Assert.True(json.ExitCode == 0, json.ToString());
        var task = ProtoJson.Parse<ImageTask>(Assert.Single(json.StdoutLines));
        Assert.Equal((taskId, TaskStatus.Succeeded, Prompt), (task.Id, task.Status, task.Prompt));
    }

    [Fact]
    public async Task Watch_of_a_finished_task_prints_its_terminal_update_and_saves_its_image()
    {
        var taskId = await CreateFinishedTaskAsync(ServerFixture.DemoKey);
        using var folder = new TempFolder();

        var run = await server.RunAsync("watch", taskId, "--out", folder.Path);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.StartsWith($"{taskId}  SUCCEEDED  v", run.StdoutLines[0]);
        Assert.Equal((1024, 1024, "PNG"), TestImages.Describe(Path.Combine(folder.Path, $"{taskId}-1.png")));
    }

    [Fact]
    public async Task List_pages_through_the_accounts_tasks_newest_first()
    {
        var key = (await server.CreateAccountAsync(credits: 30)).Key;
        var created = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            created.Add(await CreateTaskAsync(key));
        }

        var firstPage = await server.RunWithKeyAsync(key, "list", "--page-size", "2", "--json");
        var firstPageText = await server.RunWithKeyAsync(key, "list", "--page-size", "2");
        var all = await server.RunWithKeyAsync(key, "list", "--page-size", "2", "--all", "--json");

        Assert.True(firstPage.ExitCode == 0, firstPage.ToString());
        var page = ProtoJson.Parse<ListTasksResponse>(firstPage.Stdout);
        Assert.Equal(created[^2..].AsEnumerable().Reverse(), page.Tasks.Select(t => t.Id));
        Assert.NotEmpty(page.NextPageToken);
        Assert.Equal(2, firstPageText.StdoutLines.Count(line => line.StartsWith("tsk_", StringComparison.Ordinal)));
        Assert.Contains($"--page-token {page.NextPageToken}", firstPageText.Stdout);
        var everything = ProtoJson.Parse<ListTasksResponse>(all.Stdout);
        Assert.Equal(created.AsEnumerable().Reverse(), everything.Tasks.Select(t => t.Id));
        Assert.Empty(everything.NextPageToken);
    }

    [Fact]
    public async Task Balance_shows_the_accounts_credits()
    {
        var key = (await server.CreateAccountAsync(credits: 30)).Key;
        await CreateFinishedTaskAsync(key);

        var json = await server.RunWithKeyAsync(key, "balance", "--json");
        var text = await server.RunWithKeyAsync(key, "balance");

        Assert.True(json.ExitCode == 0, json.ToString());
        var balance = ProtoJson.Parse<Balance>(json.Stdout);
        Assert.Equal(30, balance.Granted);
        Assert.Equal(3, balance.Spent);
        Assert.Equal(balance.Granted, balance.Available + balance.Reserved + balance.Spent);
        Assert.Contains($"available  {balance.Available}", text.StdoutLines);
        Assert.Contains("granted    30", text.StdoutLines);
    }

    [Fact]
    public async Task Models_lists_the_catalog_with_its_parameters()
    {
        var json = await server.RunAsync("models", "--json");
        var text = await server.RunAsync("models");

        Assert.True(json.ExitCode == 0, json.ToString());
        var models = ProtoJson.Parse<ListModelsResponse>(json.Stdout);
        Assert.Equal("gpt-image-2", models.DefaultModel);
        Assert.Contains(models.Models, m => m.Id == "gpt-image-2");
        Assert.StartsWith("gpt-image-2 (default)", text.StdoutLines[0]);
        Assert.Contains("--param    resolution=1K|2K|4K (default 1K)", text.StdoutLines);
    }

    private async Task<string> CreateTaskAsync(string key)
    {
        var run = await server.RunWithKeyAsync(key, "create", Prompt, "--json");
        Assert.True(run.ExitCode == 0, run.ToString());
        return ProtoJson.Parse<ImageTask>(run.Stdout).Id;
    }

    private async Task<string> CreateFinishedTaskAsync(string key)
    {
        var run = await server.RunWithKeyAsync(key, "create", Prompt, "--watch", "--json");
        Assert.True(run.ExitCode == 0, run.ToString());
        var last = ProtoJson.Parse<TaskUpdate>(run.StdoutLines[^1]).Task;
        Assert.Equal(TaskStatus.Succeeded, last.Status);
        return last.Id;
    }
}
