using System.Text.Json.Nodes;
using ImageGrid.Rivya.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;

namespace ImageGrid.Rivya.Tests;

/// <summary>How task bodies become <see cref="RivyaTask"/>, and what happens when they cannot.</summary>
public sealed class RivyaClientResponseTests
{
    [Fact]
    public async Task A_succeeded_task_maps_every_field_and_image()
    {
        var result = new JsonObject
        {
            ["images"] = new JsonArray(
                new JsonObject { ["url"] = "https://cdn.example/a.png", ["width"] = 2048, ["height"] = 1152, ["mimeType"] = "image/png" }),
        };
        await using var rivya = await ScriptedRivya.StartAsync((context, _) =>
            Answers.Json(context, StatusCodes.Status200OK, Answers.TaskJson("task_9", "succeeded", result)));
        await using var sut = TestClient.Create(rivya.Url);

        var task = await sut.Client.GetTaskAsync("task_9", CancellationToken.None);

        Assert.Equal("task_9", task.Id);
        Assert.Equal(RivyaTaskStatuses.Succeeded, task.Status);
        Assert.Equal("gpt-image-2", task.Model);
        Assert.Equal(3, task.ReservedCredits);
        Assert.Equal(3, task.FinalCredits);
        Assert.Equal(new DateTimeOffset(2026, 5, 11, 0, 0, 0, TimeSpan.Zero), task.CreatedAt);
        Assert.Equal(new DateTimeOffset(2026, 5, 11, 0, 0, 1, 500, TimeSpan.Zero), task.UpdatedAt);
        Assert.Null(task.Error);
        Assert.NotNull(task.Result);
        Assert.Equal(new RivyaImage("https://cdn.example/a.png", 2048, 1152, "image/png"), Assert.Single(task.Result.Images));
    }

    [Fact]
    public async Task A_failed_task_maps_its_error()
    {
        var error = new JsonObject { ["code"] = "content_policy", ["message"] = "The prompt was refused." };
        await using var rivya = await ScriptedRivya.StartAsync((context, _) =>
            Answers.Json(context, StatusCodes.Status200OK, Answers.TaskJson("task_9", "failed", error: error)));
        await using var sut = TestClient.Create(rivya.Url);

        var task = await sut.Client.GetTaskAsync("task_9", CancellationToken.None);

        Assert.Equal(RivyaTaskStatuses.Failed, task.Status);
        Assert.Equal(0, task.FinalCredits);
        Assert.Null(task.Result);
        Assert.Equal(new RivyaError("content_policy", "The prompt was refused."), task.Error);
    }

    [Fact]
    public async Task An_unknown_status_is_kept_as_sent()
    {
        await using var rivya = await ScriptedRivya.StartAsync((context, _) => Answers.Ok(context, "moderating"));
        await using var sut = TestClient.Create(rivya.Url);

        var task = await sut.Client.GetTaskAsync("task_1", CancellationToken.None);

        Assert.Equal("moderating", task.Status);
    }

    [Theory]
    [InlineData(StatusCodes.Status200OK)]
    [InlineData(StatusCodes.Status201Created)]
    [InlineData(StatusCodes.Status202Accepted)]
    public async Task Any_2xx_with_a_task_body_is_a_created_task(int status)
    {
        await using var rivya = await ScriptedRivya.StartAsync((context, _) => Answers.Ok(context, httpStatus: status));
        await using var sut = TestClient.Create(rivya.Url);

        var task = await sut.Client.CreateTaskAsync(SampleRequest(), CancellationToken.None);

        Assert.Equal("task_1", task.Id);
        Assert.Equal(RivyaTaskStatuses.Queued, task.Status);
    }

    [Theory]
    [InlineData("{\"id\": \"task_1\", \"status\": ")]
    [InlineData("<html>gateway</html>")]
    [InlineData("")]
    [InlineData("null")]
    [InlineData("{\"status\":\"queued\",\"model\":\"gpt-image-2\",\"reserved_credits\":3,\"final_credits\":0,\"created_at\":\"2026-05-11T00:00:00Z\",\"updated_at\":\"2026-05-11T00:00:00Z\",\"result\":null,\"error\":null}")]
    [InlineData("{\"id\":null,\"status\":\"queued\",\"model\":\"gpt-image-2\",\"reserved_credits\":3,\"final_credits\":0,\"created_at\":\"2026-05-11T00:00:00Z\",\"updated_at\":\"2026-05-11T00:00:00Z\",\"result\":null,\"error\":null}")]
    [InlineData("{\"id\":\"task_1\",\"status\":\"succeeded\",\"model\":\"gpt-image-2\",\"reserved_credits\":3,\"final_credits\":3,\"created_at\":\"2026-05-11T00:00:00Z\",\"updated_at\":\"2026-05-11T00:00:00Z\",\"result\":{},\"error\":null}")]
    public async Task A_malformed_2xx_body_is_a_non_transient_invalid_response(string body)
    {
        await using var rivya = await ScriptedRivya.StartAsync((context, _) => Answers.Json(context, StatusCodes.Status200OK, body));
        await using var sut = TestClient.Create(rivya.Url);

        var exception = await Assert.ThrowsAsync<RivyaApiException>(() => sut.Client.GetTaskAsync("task_1", CancellationToken.None));

        Assert.Equal(RivyaErrorCodes.InvalidResponse, exception.Code);
        Assert.False(exception.IsTransient);
        Assert.Equal(StatusCodes.Status200OK, exception.HttpStatus);
        Assert.Contains("does not follow the v1 contract", exception.Message);
        Assert.Single(rivya.Requests);
        Secret.AssertAbsentFrom(exception);
    }

    private static RivyaCreateTaskRequest SampleRequest() =>
        new("gpt-image-2", "a cat", new Dictionary<string, string> { ["aspect_ratio"] = "1:1" }, [], "req-1");
}
