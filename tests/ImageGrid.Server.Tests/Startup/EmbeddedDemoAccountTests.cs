using ImageGrid.Contracts.V1;
using ImageGrid.Server.Tests.Cluster;
using ImageGrid.Server.Tests.Infrastructure;

namespace ImageGrid.Server.Tests.Startup;

/// <summary>The README's run command: the embedded default with no Demo:ApiKey prints a generated key that works.</summary>
public sealed class EmbeddedDemoAccountTests
{
    private const string PrintedKeyLine = "Demo API key (generated for this run; set Demo:ApiKey to fix it): ";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task The_embedded_default_without_a_demo_key_prints_a_generated_key_that_opens_the_demo_account()
    {
        await using var server = await SiloProcess.StartAsync("embedded-demo", [$"--Orleans:SiloPort={FreePort.Next()}"], StartTimeout);

        var key = await PrintedKeyAsync(server);

        Assert.StartsWith("igk_demo_", key, StringComparison.Ordinal);
        var balance = await AzureClusterFixture.Client(server, key).GetBalanceAsync(new GetBalanceRequest());
        Assert.Equal(3000, balance.Granted);
    }

    private static async Task<string> PrintedKeyAsync(SiloProcess server)
    {
        // The key is printed once the host has started, which may be just after the server answers its first call.
        var deadline = DateTime.UtcNow + StartTimeout;
        while (true)
        {
            var line = server.Output.FirstOrDefault(output => output.StartsWith(PrintedKeyLine, StringComparison.Ordinal));
            if (line is not null)
            {
                return line[PrintedKeyLine.Length..];
            }

            Assert.True(DateTime.UtcNow < deadline, "the server printed no demo key");
            Assert.False(server.HasExited, "the server exited");
            await Task.Delay(100);
        }
    }
}
