using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ImageGrid.Rivya.Simulator.Tests.Infrastructure;

/// <summary>The simulator's tests' calls through the shared <see cref="SimulatorClient"/>: raw Rivya requests, and answers read with assertions.</summary>
public static class SimulatorCalls
{
    private static readonly TimeSpan WaitLimit = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(25);

    public static Task<HttpResponseMessage> PostTaskAsync(this SimulatorClient client, string? apiKey, JsonNode body) =>
        client.PostTaskAsync(apiKey, body.ToJsonString());

    public static Task<HttpResponseMessage> PostTaskAsync(this SimulatorClient client, string? apiKey, string rawBody) =>
        client.SendAsync(HttpMethod.Post, "/api/v1/tasks", apiKey, new StringContent(rawBody, Encoding.UTF8, "application/json"));

    /// <summary>Creates a task and returns its body, failing the test unless the answer is 200.</summary>
    public static async Task<JsonElement> CreateTaskAsync(this SimulatorClient client, string apiKey, JsonNode body)
    {
        using var response = await client.PostTaskAsync(apiKey, body);
        return await ReadJsonAsync(response, HttpStatusCode.OK);
    }

    public static Task<HttpResponseMessage> GetTaskResponseAsync(this SimulatorClient client, string? apiKey, string taskId) =>
        client.SendAsync(HttpMethod.Get, $"/api/v1/tasks/{taskId}", apiKey);

    /// <summary>Polls the task until it reaches <paramref name="status"/>; returns its body and every status seen on the way.</summary>
    public static async Task<(JsonElement Task, IReadOnlyList<string> Seen)> WaitForStatusAsync(this SimulatorClient client, string apiKey, string taskId, string status)
    {
        var seen = new List<string>();
        var clock = Stopwatch.StartNew();
        while (true)
        {
            using var response = await client.GetTaskResponseAsync(apiKey, taskId);
            var task = await ReadJsonAsync(response, HttpStatusCode.OK);
            var current = task.GetProperty("status").GetString()!;
            if (seen.Count == 0 || seen[^1] != current)
            {
                seen.Add(current);
            }

            if (current == status)
            {
                return (task, seen);
            }

            Assert.False(current is "succeeded" or "failed", $"Task {taskId} ended {current}, not {status}.");
            Assert.True(clock.Elapsed < WaitLimit, $"Task {taskId} did not become {status} within {WaitLimit}; seen: {string.Join(", ", seen)}.");
            await Task.Delay(PollInterval);
        }
    }

    public static Task<HttpResponseMessage> UploadAsync(this SimulatorClient client, string? apiKey, MultipartFormDataContent form) =>
        client.SendAsync(HttpMethod.Post, "/api/v1/files", apiKey, form);

    public static Task<JsonElement> FindTaskByClientRequestIdAsync(this SimulatorClient client, string clientRequestId) =>
        client.GetControlAsync($"/_sim/tasks?clientRequestId={Uri.EscapeDataString(clientRequestId)}");

    public static Task<JsonElement> StatsAsync(this SimulatorClient client) => client.GetControlAsync("/_sim/stats");

    public static Task<JsonElement> CreditsAsync(this SimulatorClient client, string apiKey) => client.GetControlAsync($"/_sim/accounts/{apiKey}/credits");

    /// <summary>Asserts the status and reads the body as JSON.</summary>
    public static async Task<JsonElement> ReadJsonAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"Expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>Asserts a Rivya error answer and returns the fields named in its details (empty when it has none).</summary>
    public static async Task<IReadOnlyList<string>> ReadErrorAsync(HttpResponseMessage response, HttpStatusCode expected, string code)
    {
        var body = await ReadJsonAsync(response, expected);
        var error = body.GetProperty("error");
        Assert.Equal(code, error.GetProperty("code").GetString());
        Assert.False(string.IsNullOrEmpty(error.GetProperty("message").GetString()));
        return error.TryGetProperty("details", out var details)
            ? [.. details.EnumerateArray().Select(detail => detail.GetProperty("field").GetString()!)]
            : [];
    }
}
