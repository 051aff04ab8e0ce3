using Microsoft.Extensions.Options;

namespace ImageGrid.Rivya.Simulator.Tests;

public sealed class DurationOptionsTests
{
    [Theory]
    [InlineData("--Simulator:Durations:8K:Spread=0.5", "Simulator:Durations:8K: unknown resolution")]
    [InlineData("--Simulator:Durations:1K:Spread=-0.1", "Simulator:Durations:1K:Spread must be between 0 and 2")]
    [InlineData("--Simulator:Durations:2K:Spread=2.5", "Simulator:Durations:2K:Spread must be between 0 and 2")]
    [InlineData("--Simulator:Durations:4K:QueuedMedian=-00:00:01", "Simulator:Durations:4K: medians must not be negative")]
    public async Task Invalid_duration_settings_fail_the_start_and_name_the_setting(string setting, string expected)
    {
        await using var app = RivyaSimulator.Build(["--urls=http://127.0.0.1:0", "--Logging:LogLevel:Default=None", setting]);

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Valid_duration_settings_start()
    {
        await using var app = RivyaSimulator.Build(
        [
            "--urls=http://127.0.0.1:0",
            "--Logging:LogLevel:Default=Warning",
            "--Simulator:Seed=3",
            "--Simulator:Durations:1k:QueuedMedian=00:00:20",
            "--Simulator:Durations:1k:Spread=0.5",
        ]);

        await app.StartAsync();
        await app.StopAsync();
    }
}
