using System.Text;
using System.Text.Json;
using ImageGrid.Rivya.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;

namespace ImageGrid.Rivya.Tests;

/// <summary>What goes over the wire: paths, headers and body shapes exactly as the contract names them.</summary>
public sealed class RivyaClientRequestTests
{
    [Fact]
    public async Task CreateTask_posts_the_contract_body_with_bearer_key()
    {
        await using var rivya = await ScriptedRivya.StartAsync((context, _) => Answers.Ok(context));
        await using var sut = TestClient.Create(rivya.Url);
        var request = new RivyaCreateTaskRequest(
            "gpt-image-2",
            "a lighthouse at dusk",
            new Dictionary<string, string> { ["aspect_ratio"] = "16:9", ["resolution"] = "2K" },
            [
                new RivyaReferenceMediaItem("https://files.example/ref-1.png", "image", "ref-1.png", "image/png"),
                new RivyaReferenceMediaItem("https://files.example/clip.mp4", "video", "clip.mp4", "video/mp4", "dur_123"),
            ],
            "req-42");

        await sut.Client.CreateTaskAsync(request, CancellationToken.None);

        var sent = Assert.Single(rivya.Requests);
        Assert.Equal("POST", sent.Method);
        Assert.Equal("/api/v1/tasks", sent.RawTarget);
        Assert.Equal($"Bearer {TestClient.ApiKey}", sent.Authorization);
        Assert.StartsWith("application/json", sent.ContentType);
        Assert.Equal(Encoding.UTF8.GetByteCount(sent.Body), sent.ContentLength);

        using var body = JsonDocument.Parse(sent.Body);
        var root = body.RootElement;
        Assert.Equal(["client_request_id", "model", "params", "prompt"], PropertyNames(root));
        Assert.Equal("gpt-image-2", root.GetProperty("model").GetString());
        Assert.Equal("a lighthouse at dusk", root.GetProperty("prompt").GetString());
        Assert.Equal("req-42", root.GetProperty("client_request_id").GetString());

        var parameters = root.GetProperty("params");
        Assert.Equal(["aspect_ratio", "referenceMediaItems", "resolution"], PropertyNames(parameters));
        Assert.Equal("16:9", parameters.GetProperty("aspect_ratio").GetString());
        Assert.Equal("2K", parameters.GetProperty("resolution").GetString());

        var items = parameters.GetProperty("referenceMediaItems").EnumerateArray().ToList();
        Assert.Equal(2, items.Count);
        Assert.Equal(["kind", "mimeType", "name", "url"], PropertyNames(items[0]));
        Assert.Equal("https://files.example/ref-1.png", items[0].GetProperty("url").GetString());
        Assert.Equal("image", items[0].GetProperty("kind").GetString());
        Assert.Equal("ref-1.png", items[0].GetProperty("name").GetString());
        Assert.Equal("image/png", items[0].GetProperty("mimeType").GetString());
        Assert.Equal(["durationToken", "kind", "mimeType", "name", "url"], PropertyNames(items[1]));
        Assert.Equal("dur_123", items[1].GetProperty("durationToken").GetString());
    }

    [Fact]
    public async Task CreateTask_omits_empty_references_and_empty_client_request_id()
    {
        await using var rivya = await ScriptedRivya.StartAsync((context, _) => Answers.Ok(context));
        await using var sut = TestClient.Create(rivya.Url);
        var request = new RivyaCreateTaskRequest("gpt-image-2", "a cat", new Dictionary<string, string> { ["aspect_ratio"] = "1:1" }, [], "");

        await sut.Client.CreateTaskAsync(request, CancellationToken.None);

        using var body = JsonDocument.Parse(Assert.Single(rivya.Requests).Body);
        Assert.Equal(["model", "params", "prompt"], PropertyNames(body.RootElement));
        Assert.Equal(["aspect_ratio"], PropertyNames(body.RootElement.GetProperty("params")));
    }

    [Fact]
    public async Task GetTask_escapes_the_task_id_into_one_path_segment()
    {
        await using var rivya = await ScriptedRivya.StartAsync((context, _) => Answers.Ok(context));
        await using var sut = TestClient.Create(rivya.Url);

        await sut.Client.GetTaskAsync("task 1/x?y", CancellationToken.None);

        var sent = Assert.Single(rivya.Requests);
        Assert.Equal("GET", sent.Method);
        Assert.Equal("/api/v1/tasks/task%201%2Fx%3Fy", sent.RawTarget);
        Assert.Equal($"Bearer {TestClient.ApiKey}", sent.Authorization);
    }

    [Fact]
    public async Task A_base_url_with_a_path_keeps_its_path()
    {
        await using var rivya = await ScriptedRivya.StartAsync((context, _) => Answers.Ok(context));
        await using var sut = TestClient.Create(rivya.Url + "/rivya");

        await sut.Client.GetTaskAsync("task_1", CancellationToken.None);

        Assert.Equal("/rivya/api/v1/tasks/task_1", Assert.Single(rivya.Requests).RawTarget);
    }

    [Fact]
    public async Task UploadFile_sends_multipart_file_and_kind_and_maps_the_answer()
    {
        var bytes = Encoding.ASCII.GetBytes("\u0089PNG fake image bytes");
        (string? Name, string? FileName, string? ContentType, byte[] Bytes, string Kind)? received = null;
        await using var rivya = await ScriptedRivya.StartAsync(async (context, _) =>
        {
            var form = await context.Request.ReadFormAsync(context.RequestAborted);
            var file = Assert.Single(form.Files);
            using var copy = new MemoryStream();
            await file.CopyToAsync(copy, context.RequestAborted);
            received = (file.Name, file.FileName, file.ContentType, copy.ToArray(), form["kind"].ToString());
            await Answers.Json(
                context,
                StatusCodes.Status201Created,
                """{"url":"https://files.example/u/ref.png","kind":"image","name":"ref.png","mimeType":"image/png","size":21}""");
        });
        await using var sut = TestClient.Create(rivya.Url);

        var uploaded = await sut.Client.UploadFileAsync(new MemoryStream(bytes), "ref.png", "image/png", "image", CancellationToken.None);

        Assert.Equal(new RivyaFile("https://files.example/u/ref.png", "image", "ref.png", "image/png", 21, null), uploaded);
        var sent = Assert.Single(rivya.Requests);
        Assert.Equal("POST", sent.Method);
        Assert.Equal("/api/v1/files", sent.RawTarget);
        Assert.Equal($"Bearer {TestClient.ApiKey}", sent.Authorization);
        Assert.StartsWith("multipart/form-data", sent.ContentType);
        Assert.NotNull(received);
        Assert.Equal("file", received.Value.Name);
        Assert.Equal("ref.png", received.Value.FileName);
        Assert.Equal("image/png", received.Value.ContentType);
        Assert.Equal(bytes, received.Value.Bytes);
        Assert.Equal("image", received.Value.Kind);
    }

    [Fact]
    public async Task UploadFile_resends_the_whole_file_after_a_transient_failure()
    {
        var bytes = Encoding.ASCII.GetBytes("reference image bytes");
        await using var rivya = await ScriptedRivya.StartAsync((context, number) => number == 1
            ? Answers.Error(context, StatusCodes.Status503ServiceUnavailable, "unavailable", "try again")
            : Answers.Json(context, StatusCodes.Status200OK, """{"url":"u","kind":"image","name":"a.png","mimeType":"image/png","size":21,"durationToken":"d1"}"""));
        await using var sut = TestClient.Create(rivya.Url);

        // A stream that cannot seek, as a network stream would be.
        var uploaded = await sut.Client.UploadFileAsync(new ForwardOnlyStream(bytes), "a.png", "image/png", "image", CancellationToken.None);

        Assert.Equal("d1", uploaded.DurationToken);
        Assert.Equal(2, rivya.Requests.Count);
        Assert.Equal(rivya.Requests[0].Body, rivya.Requests[1].Body);
        Assert.Contains("reference image bytes", rivya.Requests[1].Body);
    }

    private static string[] PropertyNames(JsonElement element) =>
        [.. element.EnumerateObject().Select(property => property.Name).Order(StringComparer.Ordinal)];

    private sealed class ForwardOnlyStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
