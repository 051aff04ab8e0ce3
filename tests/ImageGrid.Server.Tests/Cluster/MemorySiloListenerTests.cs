using ImageGrid.Server.Tests.Infrastructure;
using Xunit.Abstractions;

namespace ImageGrid.Server.Tests.Cluster;

/// <summary>The memory-mode default (localhost clustering): the silo on 127.0.0.1 and no Orleans gateway.</summary>
public sealed class MemorySiloListenerTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_memory_mode_silo_listens_on_loopback_only_and_opens_no_gateway()
    {
        var siloPort = FreePort.Next();
        // Only the silo port is set (the default, 11111, may be taken on a shared machine); Rivya is never called here,
        // and naming it keeps the embedded simulator's own listener out of the picture.
        await using var silo = await SiloProcess.StartAsync("memory-listener",
            [$"--Orleans:SiloPort={siloPort}", "--Rivya:BaseUrl=http://127.0.0.1:9/", "--Rivya:ApiKey=unused", "--Logging:LogLevel:Default=Warning"],
            TimeSpan.FromSeconds(90));

        var listening = ListeningSockets.Of(silo.ProcessId);

        output.WriteLine($"listening: {string.Join(", ", listening)}");
        Assert.Equal(
            new[] { $"127.0.0.1:{new Uri(silo.GrpcUrl).Port}", $"127.0.0.1:{siloPort}" }.Order(StringComparer.Ordinal),
            listening.Select(endpoint => endpoint.ToString()).Order(StringComparer.Ordinal));
    }
}
