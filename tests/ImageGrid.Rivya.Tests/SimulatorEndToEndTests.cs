using System.Net;
using ImageGrid.Rivya.Tests.Infrastructure;

namespace ImageGrid.Rivya.Tests;

/// <summary>The client against the real simulator, over HTTP on 127.0.0.1.</summary>
public sealed class SimulatorEndToEndTests(SimulatorFixture simulator) : IClassFixture<SimulatorFixture>
{
    [Fact]
    public async Task A_created_task_is_polled_to_succeeded_with_its_image()
    {
        await using var sut = TestClient.For(simulator);
        var request = Request(new Dictionary<string, string> { ["aspect_ratio"] = "16:9", ["resolution"] = "1K" });

        var created = await sut.Client.CreateTaskAsync(request, CancellationToken.None);
        var done = await PollUntilTerminalAsync(sut.Client, created.Id);

        Assert.Equal(RivyaTaskStatuses.Queued, created.Status);
        Assert.Equal(3, created.ReservedCredits);
        Assert.Equal(created.Id, done.Id);
        Assert.Equal(RivyaTaskStatuses.Succeeded, done.Status);
        Assert.Equal(3, done.FinalCredits);
        Assert.Null(done.Error);
        Assert.NotNull(done.Result);
        var image = Assert.Single(done.Result.Images);
        Assert.Equal((1024, 576, "image/png"), (image.Width, image.Height, image.MimeType));

        using var download = await simulator.Client.Http.GetAsync(image.Url);
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("image/png", download.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task An_uploaded_file_serves_as_a_reference_image()
    {
        await using var sut = TestClient.For(simulator);
        byte[] png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, .. "rest of a reference image"u8];

        var file = await sut.Client.UploadFileAsync(new MemoryStream(png), "reference.png", "image/png", "image", CancellationToken.None);
        var request = Request() with { ReferenceMediaItems = [new RivyaReferenceMediaItem(file.Url, file.Kind, file.Name, file.MimeType, file.DurationToken)] };
        var done = await PollUntilTerminalAsync(sut.Client, (await sut.Client.CreateTaskAsync(request, CancellationToken.None)).Id);

        Assert.Equal(("image", "image/png", png.Length), (file.Kind, file.MimeType, file.Size));
        Assert.Equal(RivyaTaskStatuses.Succeeded, done.Status);
        using var download = await simulator.Client.Http.GetAsync(file.Url);
        Assert.Equal(png, await download.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task A_wrong_api_key_is_a_non_transient_unauthorized()
    {
        const string WrongKey = "not-the-key-0451";
        await using var sut = TestClient.For(simulator, apiKey: WrongKey);

        var exception = await Assert.ThrowsAsync<RivyaApiException>(() => sut.Client.CreateTaskAsync(Request(), CancellationToken.None));

        Assert.Equal(RivyaErrorCodes.Unauthorized, exception.Code);
        Assert.Equal(401, exception.HttpStatus);
        Assert.False(exception.IsTransient);
        Assert.DoesNotContain(WrongKey, exception.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_invalid_parameter_comes_back_as_validation_failed_with_the_field()
    {
        await using var sut = TestClient.For(simulator);

        var exception = await Assert.ThrowsAsync<RivyaApiException>(() =>
            sut.Client.CreateTaskAsync(Request(new Dictionary<string, string> { ["aspect_ratio"] = "2:1" }), CancellationToken.None));

        Assert.Equal(RivyaErrorCodes.ValidationFailed, exception.Code);
        Assert.Equal(400, exception.HttpStatus);
        Assert.False(exception.IsTransient);
        Assert.Contains(exception.Details, detail => detail.Field == "params.aspect_ratio");
    }

    [Fact]
    public async Task A_response_dropped_after_create_is_retried_into_the_same_single_task()
    {
        await using var sut = TestClient.For(simulator);
        var request = Request();
        await simulator.Client.AddFaultAsync(new { endpoint = "create", kind = "drop_response", count = 1, promptContains = request.Prompt });

        var created = await sut.Client.CreateTaskAsync(request, CancellationToken.None);

        var simulated = await simulator.Client.FindByClientRequestIdAsync(request.ClientRequestId);
        Assert.NotNull(simulated);
        Assert.Equal(created.Id, simulated.Id);
        Assert.Equal(2, simulated.CreateRequests);
    }

    [Fact]
    public async Task A_503_on_create_is_retried_to_success()
    {
        await using var sut = TestClient.For(simulator);
        var request = Request();
        await simulator.Client.AddFaultAsync(new { endpoint = "create", kind = "http_error", status = 503, count = 1, promptContains = request.Prompt });

        var created = await sut.Client.CreateTaskAsync(request, CancellationToken.None);

        Assert.Equal(RivyaTaskStatuses.Queued, created.Status);
        Assert.Equal(created.Id, (await simulator.Client.FindByClientRequestIdAsync(request.ClientRequestId))?.Id);
    }

    [Fact]
    public async Task A_rate_limit_on_poll_comes_back_with_the_wait_and_the_next_poll_after_it_succeeds()
    {
        await using var sut = TestClient.For(simulator);
        var created = await sut.Client.CreateTaskAsync(Request(), CancellationToken.None);
        await simulator.Client.AddFaultAsync(new { endpoint = "get", kind = "rate_limit", retryAfterSeconds = 1, count = 1, taskId = created.Id });

        var limited = await Assert.ThrowsAsync<RivyaApiException>(() => sut.Client.GetTaskAsync(created.Id, CancellationToken.None));
        var polled = await sut.Client.GetTaskAsync(created.Id, CancellationToken.None);

        Assert.Equal((RivyaErrorCodes.RateLimited, TimeSpan.FromSeconds(1)), (limited.Code, limited.RetryAfter));
        Assert.Equal(created.Id, polled.Id);
    }

    // Each test has its own prompt and request id so that faults and lookups cannot touch another test's task.
    private static RivyaCreateTaskRequest Request(IReadOnlyDictionary<string, string>? parameters = null)
    {
        var unique = Guid.NewGuid().ToString("N");
        return new RivyaCreateTaskRequest(
            "gpt-image-2",
            $"a lighthouse at dusk {unique}",
            parameters ?? new Dictionary<string, string> { ["aspect_ratio"] = "1:1" },
            [],
            $"req-{unique}");
    }

    private static async Task<RivyaTask> PollUntilTerminalAsync(IRivyaClient client, string taskId)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            var task = await client.GetTaskAsync(taskId, deadline.Token);
            if (task.Status is RivyaTaskStatuses.Succeeded or RivyaTaskStatuses.Failed)
            {
                return task;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), deadline.Token);
        }
    }
}
