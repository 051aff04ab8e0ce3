using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ImageGrid.Rivya.Simulator.Tests.Infrastructure;

/// <summary>Talks to the simulator over HTTP: the Rivya API with a key, and the /_sim control API.</summary>
public sealed class SimulatorClient(HttpClient http)
{
    private static readonly TimeSpan WaitLimit = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(25);

    public HttpClient Http => http;

    public Task<HttpResponseMessage> PostTaskAsync(string? apiKey, JsonNode body) => PostTaskAsync(apiKey, body.ToJsonString());

    public Task<HttpResponseMessage> PostTaskAsync(string? apiKey, string rawBody) =>
        SendAsync(HttpMethod.Post, "/api/v1/tasks", apiKey, new StringContent(rawBody, Encoding.UTF8, "application/json"));

    /// <summary>Creates a task and returns its body, failing the test unless the answer is 200.</summary>
    public async Task<JsonElement> CreateTaskAsync(string apiKey, JsonNode body)
    {
        using var response = await PostTaskAsync(apiKey, body);
        return await ReadJsonAsync(response, HttpStatusCode.OK);
    }

    public Task<HttpResponseMessage> GetTaskAsync(string? apiKey, string taskId) =>
        SendAsync(HttpMethod.Get, $"/api/v1/tasks/{taskId}", apiKey);

    /// <summary>Polls the task until it reaches <paramref name="status"/>; returns its body and every status seen on the way.</summary>
    public async Task<(JsonElement Task, IReadOnlyList<string> Seen)> WaitForStatusAsync(string apiKey, string taskId, string status)
    {
        var seen = new List<string>();
        var clock = Stopwatch.StartNew();
        while (true)
        {
            using var response = await GetTaskAsync(apiKey, taskId);
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

    public Task<HttpResponseMessage> UploadAsync(string? apiKey, MultipartFormDataContent form) =>
        SendAsync(HttpMethod.Post, "/api/v1/files", apiKey, form);

    public async Task<JsonElement> GetControlAsync(string path)
    {
        using var response = await http.GetAsync(new Uri(path, UriKind.Relative));
        return await ReadJsonAsync(response, HttpStatusCode.OK);
    }

    public async Task<JsonElement> FindTaskByClientRequestIdAsync(string clientRequestId) =>
        await GetControlAsync($"/_sim/tasks?clientRequestId={Uri.EscapeDataString(clientRequestId)}");

    public async Task<JsonElement> StatsAsync() => await GetControlAsync("/_sim/stats");

    public async Task<JsonElement> CreditsAsync(string apiKey) => await GetControlAsync($"/_sim/accounts/{apiKey}/credits");

    public async Task SetCreditsAsync(string apiKey, long credits)
    {
        using var response = await http.PutAsJsonAsync(new Uri($"/_sim/accounts/{apiKey}/credits", UriKind.Relative), new { credits });
        await ReadJsonAsync(response, HttpStatusCode.OK);
    }

    public async Task AddFaultAsync(object fault)
    {
        using var response = await http.PostAsJsonAsync(new Uri("/_sim/faults", UriKind.Relative), fault);
        await ReadJsonAsync(response, HttpStatusCode.OK);
    }

    public async Task AddScriptAsync(object script)
    {
        using var response = await http.PostAsJsonAsync(new Uri("/_sim/scripts", UriKind.Relative), script);
        await ReadJsonAsync(response, HttpStatusCode.OK);
    }

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? apiKey, HttpContent? content = null)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative)) { Content = content };
        if (apiKey is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        }

        return await http.SendAsync(request);
    }

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
