using System.Diagnostics;
using ImageGrid.Rivya.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;

namespace ImageGrid.Rivya.Tests.Budget;

/// <summary>The outage circuit: Rivya out holds calls back (none reaches it but the probes), an answer lets them go again.</summary>
public sealed class RivyaOutageCircuitTests
{
    private const int MinimumCalls = 4;
    private static readonly TimeSpan ProbeInterval = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Failed_calls_open_the_circuit_then_only_single_request_probes_reach_rivya_until_one_gets_an_answer()
    {
        var down = true;
        await using var rivya = await ScriptedRivya.StartAsync((context, _) => Volatile.Read(ref down)
            ? Answers.Error(context, StatusCodes.Status503ServiceUnavailable, "unavailable", "Down.")
            : Answers.Json(context, 200, Answers.TaskJson("task_1", "running")));
        await using var sut = CreateClient(rivya.Url, retries: 2);

        for (var call = 0; call < MinimumCalls; call++)
        {
            Assert.Equal(RivyaErrorCodes.Unavailable, (await PollAsync(sut)).Code);
        }

        var held = await PollAsync(sut);
        Assert.Equal(RivyaErrorCodes.Outage, held.Code);
        Assert.True(held.IsTransient);
        var beforeProbes = rivya.Requests.Count;
        Assert.Equal(MinimumCalls * 3, beforeProbes);
        Assert.True(sut.Circuit.SeesOutage);
        Assert.NotNull(sut.Circuit.OutSince);

        // Calls every 20 ms for two seconds: Rivya sees one probe per interval at most, the rest are held back here.
        var clock = Stopwatch.StartNew();
        var heldBack = 0;
        while (clock.Elapsed < TimeSpan.FromSeconds(2))
        {
            heldBack += (await PollAsync(sut)).Code == RivyaErrorCodes.Outage ? 1 : 0;
            await Task.Delay(20);
        }

        // A probe that fails is not retried: each is one request.
        var probes = rivya.Requests.Count - beforeProbes;
        Assert.InRange(probes, 1, (int)(clock.Elapsed / ProbeInterval) + 1);
        Assert.True(heldBack > probes, $"{heldBack} calls held back, {probes} probes");

        Volatile.Write(ref down, false);
        var task = await PollUntilAnsweredAsync(sut);
        Assert.Equal("running", task.Status);
        Assert.Null(sut.Circuit.OutSince);
        Assert.False(sut.Circuit.SeesOutage);
        var afterRecovery = rivya.Requests.Count;
        await sut.Client.GetTaskAsync("task_1", CancellationToken.None);
        Assert.Equal(afterRecovery + 1, rivya.Requests.Count);
    }

    [Fact]
    public async Task Held_open_by_the_cluster_no_call_reaches_rivya_until_released()
    {
        await using var rivya = await ScriptedRivya.StartAsync((context, _) => Answers.Json(context, 200, Answers.TaskJson("task_1", "running")));
        await using var sut = CreateClient(rivya.Url);

        await sut.Circuit.HoldOpenAsync();
        for (var call = 0; call < 5; call++)
        {
            Assert.Equal(RivyaErrorCodes.Outage, (await PollAsync(sut)).Code);
        }

        Assert.Empty(rivya.Requests);
        Assert.NotNull(sut.Circuit.OutSince);
        Assert.False(sut.Circuit.SeesOutage);

        await sut.Circuit.ReleaseAsync();
        Assert.Equal("running", (await sut.Client.GetTaskAsync("task_1", CancellationToken.None)).Status);
        Assert.Single(rivya.Requests);
        Assert.Null(sut.Circuit.OutSince);
    }

    [Theory]
    [InlineData(StatusCodes.Status429TooManyRequests, "rate_limited")]
    [InlineData(StatusCodes.Status404NotFound, "not_found")]
    public async Task Answers_that_refuse_a_call_are_not_an_outage(int status, string code)
    {
        await using var rivya = await ScriptedRivya.StartAsync((context, _) => Answers.Error(context, status, code, "No.", retryAfter: "0"));
        await using var sut = CreateClient(rivya.Url);

        for (var call = 0; call < MinimumCalls * 3; call++)
        {
            Assert.Equal(code, (await PollAsync(sut)).Code);
        }

        Assert.Equal(MinimumCalls * 3, rivya.Requests.Count);
        Assert.Null(sut.Circuit.OutSince);
    }

    private static TestClient CreateClient(string url, int retries = 0) => TestClient.Create(url, options =>
    {
        options.MaxRetryAttempts = retries;
        options.OutageMinimumCalls = MinimumCalls;
        options.OutageFailureRatio = 0.5;
        options.OutageProbeInterval = ProbeInterval;
    });

    private static Task<RivyaApiException> PollAsync(TestClient sut) =>
        Assert.ThrowsAsync<RivyaApiException>(() => sut.Client.GetTaskAsync("task_1", CancellationToken.None));

    private static async Task<RivyaTask> PollUntilAnsweredAsync(TestClient sut)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                return await sut.Client.GetTaskAsync("task_1", CancellationToken.None);
            }
            catch (RivyaApiException e) when (e.Code == RivyaErrorCodes.Outage && clock.Elapsed < Bound)
            {
                await Task.Delay(50);
            }
        }
    }
}
