using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace ImageGrid.Benchmarks.Infrastructure;

/// <summary>The simulator's control API (/_sim) and its Rivya REST API as a direct caller (the baselines) sees it.</summary>
public sealed class SimulatorClient(HttpClient http, string directApiKey) : IDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public HttpClient Http => http;

    public async Task<SimulatorStats> GetStatsAsync(CancellationToken cancellationToken) =>
        await http.GetFromJsonAsync<SimulatorStats>("_sim/stats", Json, cancellationToken)
        ?? throw new InvalidOperationException("empty /_sim/stats");

    /// <summary>The simulator's view of the task ImageGrid created for <paramref name="taskId"/> (its client_request_id).</summary>
    public Task<SimulatedTaskInfo?> FindByClientRequestIdAsync(string taskId, CancellationToken cancellationToken) =>
        GetOrNullAsync($"_sim/tasks?clientRequestId={Uri.EscapeDataString(taskId)}", cancellationToken);

    public Task<SimulatedTaskInfo?> FindAsync(string rivyaTaskId, CancellationToken cancellationToken) =>
        GetOrNullAsync($"_sim/tasks/{Uri.EscapeDataString(rivyaTaskId)}", cancellationToken);

    /// <summary>The create body ImageGrid sends for the same request (RivyaWire.CreateTaskBody), with its own idempotency key.</summary>
    public static byte[] CreateBody(string prompt, string clientRequestId) => Encoding.UTF8.GetBytes(
        $$"""{"model":"gpt-image-2","prompt":{{JsonSerializer.Serialize(prompt)}},"params":{"aspect_ratio":"1:1","resolution":"1K"},"client_request_id":"{{clientRequestId}}"}""");

    /// <summary>POST /api/v1/tasks with the direct caller's key; returns Rivya's task id. Throws on any non-2xx answer.</summary>
    public async Task<string> CreateTaskAsync(byte[] body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/v1/tasks") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", directApiKey);
        using var response = await http.SendAsync(request, cancellationToken);
        var payload = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"create answered {(int)response.StatusCode}: {Encoding.UTF8.GetString(payload)}", null, response.StatusCode);
        }

        using var document = JsonDocument.Parse(payload);
        return document.RootElement.GetProperty("id").GetString() ?? throw new InvalidOperationException("create answered no id");
    }

    /// <summary>
    /// GET /api/v1/tasks/{id} with the direct caller's key (or <paramref name="apiKey"/>): the task's status, when it was
    /// created and when its status last changed.
    /// </summary>
    public async Task<RivyaTaskTimes> GetTaskAsync(string rivyaTaskId, CancellationToken cancellationToken, string? apiKey = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"api/v1/tasks/{Uri.EscapeDataString(rivyaTaskId)}");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey ?? directApiKey);
        using var response = await http.SendAsync(request, cancellationToken);
        var payload = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"get answered {(int)response.StatusCode}", null, response.StatusCode);
        }

        using var document = JsonDocument.Parse(payload);
        var root = document.RootElement;
        return new RivyaTaskTimes(root.GetProperty("status").GetString() ?? "", Time(root, "created_at"), Time(root, "updated_at"));
    }

    private static DateTime Time(JsonElement task, string property) =>
        DateTimeOffset.Parse(task.GetProperty(property).GetString() ?? "", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal).UtcDateTime;

    public async Task<bool> IsUpAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var response = await http.GetAsync("_sim/stats", cancellationToken);
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    public void Dispose() => http.Dispose();

    private async Task<SimulatedTaskInfo?> GetOrNullAsync(string path, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync(path, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<SimulatedTaskInfo>(Json, cancellationToken);
    }
}

/// <summary>
/// GET /_sim/stats: totals since the simulator started. <paramref name="RateLimitedRequests"/>: refused by its rate limiter
/// (not in the other request counts); the busiest seconds: of the requests it served, and of all requests it was sent.
/// </summary>
public sealed record SimulatorStats(
    long TasksCreated,
    long CreateRequests,
    long PollRequests,
    long UploadRequests,
    long RateLimitedRequests,
    long InjectedRateLimitedRequests,
    BusiestSecond? BusiestSecond,
    BusiestSecond? BusiestSecondWithRefused);

/// <summary>A wall-clock second of the simulator's and how many requests it had.</summary>
public sealed record BusiestSecond(DateTimeOffset? StartedAt, long Requests);

/// <summary>GET /_sim/tasks: one simulated task, how often it was created and read, and when it enters each phase.</summary>
public sealed record SimulatedTaskInfo(
    string Id, string? ClientRequestId, string Status, int CreateRequests, int Polls, DateTimeOffset CreatedAt, DateTimeOffset RunningAt, DateTimeOffset FinishedAt);

/// <summary>A Rivya task's status and times as its REST API answers them (millisecond precision).</summary>
public sealed record RivyaTaskTimes(string Status, DateTime CreatedAtUtc, DateTime UpdatedAtUtc);
