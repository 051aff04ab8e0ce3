using Grpc.Core;
using Grpc.Net.Client;
using ImageGrid.Contracts.V1;
using ImageGrid.Server.Tests.Infrastructure;
using TaskStatus = ImageGrid.Contracts.V1.TaskStatus;

namespace ImageGrid.Server.Tests.Integration;

/// <summary>The README's run command: no Rivya configured, so the simulator runs in-process behind real HTTP.</summary>
public sealed class EmbeddedDefaultTests
{
    [Fact]
    public async Task Without_a_rivya_url_the_server_uses_its_embedded_simulator_end_to_end()
    {
        const string key = "igk_embedded_demo";
        var webUrl = $"http://127.0.0.1:{FreePort.Next()}";
        await using var server = await ImageGridServer.BuildAsync(
        [
            "--urls=http://127.0.0.1:0",
            $"--Web:Url={webUrl}",
            $"--Demo:ApiKey={key}",
            $"--Orleans:SiloPort={FreePort.Next()}",
            "--Simulator:QueuedDuration=00:00:00.200",
            "--Simulator:RunningDuration=00:00:00.300",
            "--Polling:InitialInterval=00:00:00.100",
            "--Polling:MaxInterval=00:00:00.200",
            "--Logging:LogLevel:Default=Error",
            "--Logging:LogLevel:Orleans=Error",
        ]);
        await server.StartAsync();
        using var channel = GrpcChannel.ForAddress(server.Urls.First(url => url != webUrl));
        var client = new Contracts.V1.ImageGrid.ImageGridClient(channel);
        var auth = new Metadata { { "authorization", $"Bearer {key}" } };

        var created = await client.CreateImageAsync(new CreateImageRequest { Prompt = "A lighthouse at dawn" }, auth);
        using var watch = client.WatchTask(new WatchTaskRequest { TaskId = created.Id }, auth, DateTime.UtcNow + Watching.Timeout);
        var statuses = new List<TaskStatus>();
        await foreach (var update in watch.ResponseStream.ReadAllAsync())
        {
            statuses.Add(update.Task.Status);
        }

        // Which of Rivya's phases a poll lands in depends on the machine's pace: the watch shows those it saw, in order,
        // and ends SUCCEEDED. The embedded simulator (at the Rivya:BaseUrl the server gave itself) ran the task through them.
        Assert.Equal(TaskStatus.Succeeded, statuses[^1]);
        TaskStatus[] lifecycle = [TaskStatus.Submitting, TaskStatus.Queued, TaskStatus.Running, TaskStatus.Succeeded];
        Assert.Equal(lifecycle.Where(statuses.Contains), statuses);
        using var simulator = new SimulatorClient(new HttpClient { BaseAddress = new Uri(server.Configuration["Rivya:BaseUrl"]!) });
        var simulated = await simulator.FindByClientRequestIdAsync(created.Id);
        Assert.NotNull(simulated);
        Assert.Equal("succeeded", simulated.Status);
        Assert.True(simulated.CreatedAt < simulated.RunningAt && simulated.RunningAt < simulated.FinishedAt, $"timeline {simulated}");
        var image = Assert.Single((await client.GetTaskAsync(new GetTaskRequest { TaskId = created.Id }, auth)).Images);
        Assert.StartsWith("http://127.0.0.1:", image.Url);
        using var http = new HttpClient();
        Assert.Equal((1024, 1024), Png.Size(await http.GetByteArrayAsync(image.Url)));
        // The dashboard comes with it: the page and gRPC-Web on the web address.
        Assert.Contains("/dashboard.js", await http.GetStringAsync(webUrl));
        await server.StopAsync();
    }
}
