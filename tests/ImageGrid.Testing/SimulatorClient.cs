using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ImageGrid.Rivya.Simulator.Control;

namespace ImageGrid.Testing;

/// <summary>
/// The simulator over real HTTP (<paramref name="http"/> has its base address): its control API (/_sim), and its Rivya
/// REST API as a direct caller sees it (<paramref name="directApiKey"/>, for the benchmark's baselines) or raw.
/// </summary>
public sealed class SimulatorClient(HttpClient http, string? directApiKey = null) : IDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public HttpClient Http => http;

    /// <summary>GET /_sim/stats, read into the simulator's own record.</summary>
    public async Task<SimulatorStatsSnapshot> GetStatsAsync(CancellationToken cancellationToken = default) =>
        await http.GetFromJsonAsync<SimulatorStatsSnapshot>("_sim/stats", Json, cancellationToken)
        ?? throw new InvalidOperationException("empty /_sim/stats");

    /// <summary>The simulator's view of the task ImageGrid created for <paramref name="taskId"/> (its client_request_id).</summary>
    public Task<SimulatedTaskInfo?> FindByClientRequestIdAsync(string taskId, CancellationToken cancellationToken = default) =>
        GetOrNullAsync($"_sim/tasks?clientRequestId={Uri.EscapeDataString(taskId)}", cancellationToken);

    public Task<SimulatedTaskInfo?> FindAsync(string rivyaTaskId, CancellationToken cancellationToken = default) =>
        GetOrNullAsync($"_sim/tasks/{Uri.EscapeDataString(rivyaTaskId)}", cancellationToken);

    /// <summary>Arms a fault (POST /_sim/faults, a <c>FaultSpec</c> in JSON).</summary>
    public Task AddFaultAsync(object fault, CancellationToken cancellationToken = default) => PostControlAsync("_sim/faults", fault, cancellationToken);

    /// <summary>Adds a script (POST /_sim/scripts, a <c>TaskScriptSpec</c> in JSON).</summary>
    public Task AddScriptAsync(object script, CancellationToken cancellationToken = default) => PostControlAsync("_sim/scripts", script, cancellationToken);

    public async Task SetCreditsAsync(string apiKey, long credits, CancellationToken cancellationToken = default)
    {
        using var response = await http.PutAsJsonAsync($"_sim/accounts/{Uri.EscapeDataString(apiKey)}/credits", new { credits }, cancellationToken);
        await EnsureSuccessAsync(response, cancellationToken);
    }

    /// <summary>A control API answer as JSON, for tests that read its wire format.</summary>
    public async Task<JsonElement> GetControlAsync(string path, CancellationToken cancellationToken = default)
    {
        using var response = await http.GetAsync(path.TrimStart('/'), cancellationToken);
        await EnsureSuccessAsync(response, cancellationToken);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken)).RootElement.Clone();
    }

    /// <summary>A request to any path with an optional Bearer key, answered as it is.</summary>
    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? apiKey, HttpContent? content = null)
    {
        using var request = new HttpRequestMessage(method, path.TrimStart('/')) { Content = content };
        if (apiKey is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        }

        return await http.SendAsync(request);
    }

    /// <summary>A file the simulator serves (a result image or an uploaded reference), by its absolute URL.</summary>
    public Task<byte[]> DownloadAsync(string url, CancellationToken cancellationToken = default) => http.GetByteArrayAsync(url, cancellationToken);

    /// <summary>The create body ImageGrid sends for the same request (RivyaWire.CreateTaskBody), with its own idempotency key.</summary>
    public static byte[] CreateBody(string prompt, string clientRequestId) => Encoding.UTF8.GetBytes(
        $$"""{"model":"gpt-image-2","prompt":{{JsonSerializer.Serialize(prompt)}},"params":{"aspect_ratio":"1:1","resolution":"1K"},"client_request_id":"{{clientRequestId}}"}""");

    /// <summary>POST /api/v1/tasks with the direct caller's key; returns Rivya's task id. Throws on any non-2xx answer.</summary>
    public async Task<string> CreateTaskAsync(byte[] body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/v1/tasks") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", DirectApiKey);
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
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey ?? DirectApiKey);
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

    private string DirectApiKey => directApiKey ?? throw new InvalidOperationException("This client was made without a direct caller's key.");

    private async Task PostControlAsync(string path, object body, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsJsonAsync(path, body, cancellationToken);
        await EnsureSuccessAsync(response, cancellationToken);
    }

    /// <summary>Like EnsureSuccessStatusCode, with the simulator's answer (it says what was wrong) in the message.</summary>
    private static async Task EnsureSuccessAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (!response.IsSuccessStatusCode)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            throw new HttpRequestException(
                $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri} answered {(int)response.StatusCode}: {body}", null, response.StatusCode);
        }
    }

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
/// GET /_sim/tasks: one simulated task, how often it was created and read, when it enters each phase, and its reference
/// URLs exactly as the create request carried them.
/// </summary>
public sealed record SimulatedTaskInfo(
    string Id,
    string? ClientRequestId,
    string Status,
    int CreateRequests,
    int Polls,
    DateTimeOffset CreatedAt,
    DateTimeOffset RunningAt,
    DateTimeOffset FinishedAt,
    IReadOnlyList<string>? ReferenceUrls = null);

/// <summary>A Rivya task's status and times as its REST API answers them (millisecond precision).</summary>
public sealed record RivyaTaskTimes(string Status, DateTime CreatedAtUtc, DateTime UpdatedAtUtc);
