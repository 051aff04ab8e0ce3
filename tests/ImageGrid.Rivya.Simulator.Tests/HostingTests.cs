using System.Net;
using ImageGrid.Rivya.Simulator.Control;
using ImageGrid.Rivya.Simulator.Scripts;
using ImageGrid.Rivya.Simulator.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;

namespace ImageGrid.Rivya.Simulator.Tests;

public sealed class HostingTests(SimulatorFixture simulator) : IClassFixture<SimulatorFixture>
{
    [Fact]
    public void Bound_address_is_a_readable_loopback_port()
    {
        Assert.Equal("127.0.0.1", simulator.BaseAddress.Host);
        Assert.NotEqual(0, simulator.BaseAddress.Port);
    }

    [Fact]
    public void Standalone_default_url_is_used_when_none_is_configured()
    {
        var app = RivyaSimulator.Build([]);

        var expected = Environment.GetEnvironmentVariable("ASPNETCORE_URLS") ?? RivyaSimulator.DefaultUrl;
        Assert.Equal(expected, app.Configuration[WebHostDefaults.ServerUrlsKey]);
    }

    [Fact]
    public async Task Code_overrides_apply_after_configuration()
    {
        await using var app = RivyaSimulator.Build(
            ["--urls=http://127.0.0.1:0", "--Logging:LogLevel:Default=Warning", "--Simulator:ApiKeys:0=from-args"],
            options => options.ApiKeys = ["from-code"]);
        await app.StartAsync();
        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = new Uri(app.Urls.Single()) };
        var client = new SimulatorClient(http);

        using var fromCode = await client.GetTaskResponseAsync("from-code", "task_unknown");
        using var fromArgs = await client.GetTaskResponseAsync("from-args", "task_unknown");

        Assert.Equal(HttpStatusCode.NotFound, fromCode.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, fromArgs.StatusCode);
        await app.StopAsync();
    }

    [Fact]
    public async Task Default_key_is_accepted_when_none_is_configured()
    {
        await using var app = RivyaSimulator.Build(["--urls=http://127.0.0.1:0", "--Logging:LogLevel:Default=Warning"]);
        await app.StartAsync();
        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = new Uri(app.Urls.Single()) };

        using var response = await new SimulatorClient(http).GetTaskResponseAsync("sim-dev-key", "task_unknown");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        await app.StopAsync();
    }

    [Fact]
    public async Task In_process_controls_act_on_the_running_simulator()
    {
        var prompt = TaskRequests.UniquePrompt("in-process script");
        simulator.Control.AddScript(new TaskScriptSpec(prompt, ScriptOutcome.Failed, ErrorCode: "content_policy", QueuedMs: 0, SkipRunning: true));

        var task = await simulator.Client.CreateTaskAsync(SimulatorFixture.KeyA, TaskRequests.Minimal(prompt));
        var inspection = simulator.Control.FindTask(task.GetProperty("id").GetString()!);

        Assert.Equal("failed", task.GetProperty("status").GetString());
        Assert.NotNull(inspection);
        Assert.Equal((task.GetProperty("id").GetString(), (string?)null, "failed", 1, 0), (inspection.Id, inspection.ClientRequestId, inspection.Status, inspection.CreateRequests, inspection.Polls));
        Assert.Empty(inspection.ReferenceUrls);
        Assert.Throws<ArgumentException>(() => simulator.Control.AddScript(new TaskScriptSpec("")));
    }
}
