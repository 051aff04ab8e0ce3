using System.Net.Http.Json;
using ImageGrid.Rivya.Simulator;
using Microsoft.AspNetCore.Builder;
using Xunit.Sdk;

namespace ImageGrid.Rivya.Tests.Infrastructure;

/// <summary>The real Rivya simulator on 127.0.0.1, shared by one test class, with fast task timelines.</summary>
public sealed class SimulatorFixture : IAsyncLifetime
{
    public const string ApiKey = "test-key";

    private WebApplication? app;

    public string Url => app?.Urls.Single() ?? throw new InvalidOperationException("The simulator has not started.");

    /// <summary>A plain client for the simulator's control API (<c>/_sim</c>).</summary>
    public HttpClient Control { get; private set; } = new();

    public async Task InitializeAsync()
    {
        app = RivyaSimulator.Build(
        [
            "--urls=http://127.0.0.1:0",
            $"--Simulator:ApiKeys:0={ApiKey}",
            "--Simulator:QueuedDuration=00:00:00.200",
            "--Simulator:RunningDuration=00:00:00.300",
        ]);
        await app.StartAsync();
        Control = new HttpClient { BaseAddress = new Uri(Url) };
    }

    public async Task DisposeAsync()
    {
        Control.Dispose();
        if (app is not null)
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    public TestClient CreateClient(string apiKey = ApiKey) => TestClient.Create(Url, options => options.ApiKey = apiKey);

    public async Task ArmFaultAsync(object fault)
    {
        using var response = await Control.PostAsJsonAsync("/_sim/faults", fault);
        if (!response.IsSuccessStatusCode)
        {
            throw new XunitException($"Arming {fault} failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }

    public async Task<SimulatedTaskView> InspectAsync(string clientRequestId) =>
        await Control.GetFromJsonAsync<SimulatedTaskView>($"/_sim/tasks?clientRequestId={Uri.EscapeDataString(clientRequestId)}")
        ?? throw new XunitException($"The simulator knows no task for {clientRequestId}.");
}

/// <summary>The part of <c>GET /_sim/tasks</c> these tests read.</summary>
public sealed record SimulatedTaskView(string Id, int CreateRequests, int Polls);
