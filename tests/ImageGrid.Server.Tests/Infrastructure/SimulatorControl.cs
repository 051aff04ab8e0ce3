using System.Net;
using System.Net.Http.Json;

namespace ImageGrid.Server.Tests.Infrastructure;

/// <summary>The Rivya simulator's control API (/_sim), over real HTTP.</summary>
public sealed class SimulatorControl(HttpClient http)
{
    /// <param name="ReferenceUrls">The reference URLs exactly as ImageGrid sent them.</param>
    public sealed record SimTask(string Id, string? ClientRequestId, int CreateRequests, int Polls, IReadOnlyList<string> ReferenceUrls);

    public sealed record SimStats(
        long TasksCreated, long CreateRequests, long PollRequests, long UploadRequests, long RateLimitedRequests = 0, BusiestSecond? BusiestSecond = null);

    /// <summary>The wall-clock second in which the simulator served the most API requests.</summary>
    public sealed record BusiestSecond(DateTimeOffset? StartedAt, long Requests);

    public async Task AddFaultAsync(object fault)
    {
        using var response = await http.PostAsJsonAsync("/_sim/faults", fault);
        response.EnsureSuccessStatusCode();
    }

    public async Task AddScriptAsync(object script)
    {
        using var response = await http.PostAsJsonAsync("/_sim/scripts", script);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>The simulator's task created for an ImageGrid task (ImageGrid sends its task id as client_request_id).</summary>
    public async Task<SimTask?> FindByClientRequestIdAsync(string clientRequestId)
    {
        using var response = await http.GetAsync($"/_sim/tasks?clientRequestId={Uri.EscapeDataString(clientRequestId)}");
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<SimTask>();
    }

    public async Task<SimStats> StatsAsync() =>
        (await http.GetFromJsonAsync<SimStats>("/_sim/stats"))!;

    public Task<byte[]> DownloadAsync(string url) => http.GetByteArrayAsync(url);
}
