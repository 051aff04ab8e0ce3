using ImageGrid.Cli.Tests.Infrastructure;

namespace ImageGrid.Cli.Tests.Commands;

[Collection(ServerCollection.Name)]
public sealed class ExitCodeTests(ServerFixture server)
{
    [Fact]
    public async Task A_wrong_key_exits_3()
    {
        var run = await server.RunWithKeyAsync("igk_not_a_key_of_anyone", "balance");

        Assert.True(run.ExitCode == 3, run.ToString());
        Assert.StartsWith("error: UNAUTHENTICATED: ", run.Stderr);
        Assert.Contains("IMAGEGRID_API_KEY", run.Stderr);
        Assert.DoesNotContain("igk_not_a_key_of_anyone", run.Stderr);
    }

    [Fact]
    public async Task No_key_at_all_exits_3_without_calling()
    {
        var run = await server.RunWithKeyAsync(null, "models");

        Assert.True(run.ExitCode == 3, run.ToString());
        Assert.Contains("IMAGEGRID_API_KEY is not set", run.Stderr);
    }

    [Fact]
    public async Task An_unreachable_server_exits_4()
    {
        var nobodyListens = $"http://127.0.0.1:{FreePort.Next()}";

        var run = await CliProcess.RunAsync(nobodyListens, ServerFixture.DemoKey, ["get", "tsk_anything"]);

        Assert.True(run.ExitCode == 4, run.ToString());
        Assert.StartsWith("error: UNAVAILABLE: ", run.Stderr);
        Assert.Contains($"is ImageGrid running at {nobodyListens}/?", run.Stderr);
    }

    [Fact]
    public async Task An_unknown_task_exits_5_not_found()
    {
        var run = await server.RunAsync("get", "tsk_00000000000000000000000000");

        Assert.True(run.ExitCode == 5, run.ToString());
        Assert.StartsWith("error: NOT_FOUND: ", run.Stderr);
    }

    [Fact]
    public async Task Watching_an_unknown_task_exits_5_not_found()
    {
        var run = await server.RunAsync("watch", "tsk_00000000000000000000000000");

        Assert.True(run.ExitCode == 5, run.ToString());
        Assert.StartsWith("error: NOT_FOUND: ", run.Stderr);
        Assert.Equal("", run.Stdout);
    }

    [Theory]
    [InlineData("create")]
    [InlineData("create", "a prompt", "--no-such-option")]
    [InlineData("create", "a prompt", "--param", "resolution")]
    [InlineData("list", "--status", "done")]
    [InlineData("balance", "--timeout", "0")]
    [InlineData("frobnicate")]
    public async Task A_bad_command_line_exits_2_with_a_message(params string[] args)
    {
        var run = await server.RunAsync(args);

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.StartsWith("error: ", run.Stderr);
        Assert.Equal("", run.Stdout);
    }

    [Fact]
    public async Task A_bad_url_exits_2()
    {
        var run = await CliProcess.RunAsync("127.0.0.1:5080", ServerFixture.DemoKey, ["balance"]);

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("IMAGEGRID_URL must be an http:// or https:// URL", run.Stderr);
    }
}
