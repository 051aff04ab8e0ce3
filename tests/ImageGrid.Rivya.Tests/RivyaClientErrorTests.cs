using ImageGrid.Rivya.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;

namespace ImageGrid.Rivya.Tests;

/// <summary>Non-2xx answers become <see cref="RivyaApiException"/> with Rivya's code, or a fallback by status.</summary>
public sealed class RivyaClientErrorTests
{
    [Fact]
    public async Task A_validation_failure_carries_code_message_and_details_and_is_not_retried()
    {
        const string Body = """
            {"error":{"code":"validation_failed","message":"The request is invalid.","details":[
              {"field":"prompt","message":"must be at most 20000 characters"},
              {"field":"params.aspect_ratio","message":"must be one of auto, 1:1, 9:16, 16:9, 4:3, 3:4"}]}}
            """;
        await using var rivya = await ScriptedRivya.StartAsync((context, _) => Answers.Json(context, StatusCodes.Status400BadRequest, Body));
        await using var sut = TestClient.Create(rivya.Url);

        var exception = await Assert.ThrowsAsync<RivyaApiException>(() => sut.Client.CreateTaskAsync(SampleRequest(), CancellationToken.None));

        Assert.Equal(RivyaErrorCodes.ValidationFailed, exception.Code);
        Assert.Equal("The request is invalid.", exception.Message);
        Assert.Equal(StatusCodes.Status400BadRequest, exception.HttpStatus);
        Assert.False(exception.IsTransient);
        Assert.Null(exception.RetryAfter);
        Assert.Equal(
            [
                new RivyaErrorDetail("prompt", "must be at most 20000 characters"),
                new RivyaErrorDetail("params.aspect_ratio", "must be one of auto, 1:1, 9:16, 16:9, 4:3, 3:4"),
            ],
            exception.Details);
        Assert.Single(rivya.Requests);
        Secret.AssertAbsentFrom(exception);
    }

    [Theory]
    [InlineData(StatusCodes.Status402PaymentRequired, "insufficient_credits")]
    [InlineData(StatusCodes.Status404NotFound, "not_found")]
    [InlineData(StatusCodes.Status409Conflict, "idempotency_conflict")]
    public async Task A_rejection_keeps_the_code_and_message_from_the_body(int status, string code)
    {
        await using var rivya = await ScriptedRivya.StartAsync((context, _) => Answers.Error(context, status, code, $"Rivya says {code}."));
        await using var sut = TestClient.Create(rivya.Url);

        var exception = await Assert.ThrowsAsync<RivyaApiException>(() => sut.Client.GetTaskAsync("task_1", CancellationToken.None));

        Assert.Equal(code, exception.Code);
        Assert.Equal($"Rivya says {code}.", exception.Message);
        Assert.Equal(status, exception.HttpStatus);
        Assert.False(exception.IsTransient);
        Assert.Empty(exception.Details);
        Assert.Single(rivya.Requests);
        Secret.AssertAbsentFrom(exception);
    }

    [Theory]
    [InlineData(StatusCodes.Status400BadRequest, "validation_failed", false)]
    [InlineData(StatusCodes.Status401Unauthorized, "unauthorized", false)]
    [InlineData(StatusCodes.Status402PaymentRequired, "insufficient_credits", false)]
    [InlineData(StatusCodes.Status404NotFound, "not_found", false)]
    [InlineData(StatusCodes.Status409Conflict, "idempotency_conflict", false)]
    [InlineData(StatusCodes.Status408RequestTimeout, "timeout", true)]
    [InlineData(StatusCodes.Status429TooManyRequests, "rate_limited", true)]
    [InlineData(StatusCodes.Status500InternalServerError, "unavailable", true)]
    [InlineData(StatusCodes.Status503ServiceUnavailable, "unavailable", true)]
    [InlineData(StatusCodes.Status405MethodNotAllowed, "invalid_response", false)]
    public async Task Without_a_body_code_the_status_decides(int status, string code, bool transient)
    {
        await using var rivya = await ScriptedRivya.StartAsync((context, _) => Answers.Json(context, status, "<html>upstream error</html>"));
        await using var sut = TestClient.Create(rivya.Url, options => options.MaxRetryAttempts = 0);

        var exception = await Assert.ThrowsAsync<RivyaApiException>(() => sut.Client.GetTaskAsync("task_1", CancellationToken.None));

        Assert.Equal(code, exception.Code);
        Assert.Equal(transient, exception.IsTransient);
        Assert.Equal(status, exception.HttpStatus);
        Assert.StartsWith($"Rivya answered {status}", exception.Message);
        Secret.AssertAbsentFrom(exception);
    }

    [Fact]
    public async Task An_api_key_echoed_by_upstream_is_redacted()
    {
        await using var rivya = await ScriptedRivya.StartAsync((context, _) =>
            Answers.Error(context, StatusCodes.Status401Unauthorized, "unauthorized", $"Unknown API key '{TestClient.ApiKey}'."));
        await using var sut = TestClient.Create(rivya.Url);

        var exception = await Assert.ThrowsAsync<RivyaApiException>(() => sut.Client.GetTaskAsync("task_1", CancellationToken.None));

        Assert.Equal(RivyaErrorCodes.Unauthorized, exception.Code);
        Assert.Equal("Unknown API key '[redacted]'.", exception.Message);
        Secret.AssertAbsentFrom(exception);
    }

    [Fact]
    public async Task Retry_after_as_an_http_date_is_read_as_a_wait_from_now()
    {
        var until = DateTimeOffset.UtcNow.AddHours(1);
        await using var rivya = await ScriptedRivya.StartAsync((context, _) =>
            Answers.Error(context, StatusCodes.Status503ServiceUnavailable, "unavailable", "Maintenance.", until.ToString("R")));
        await using var sut = TestClient.Create(rivya.Url);

        var exception = await Assert.ThrowsAsync<RivyaApiException>(() => sut.Client.GetTaskAsync("task_1", CancellationToken.None));

        Assert.Equal(RivyaErrorCodes.Unavailable, exception.Code);
        Assert.True(exception.IsTransient);
        Assert.NotNull(exception.RetryAfter);
        Assert.InRange(exception.RetryAfter.Value, TimeSpan.FromMinutes(55), TimeSpan.FromMinutes(60));
        // An answer with Retry-After is handed back to the caller at once.
        Assert.Single(rivya.Requests);
    }

    private static RivyaCreateTaskRequest SampleRequest() =>
        new("gpt-image-2", new string('x', 20001), new Dictionary<string, string> { ["aspect_ratio"] = "2:1" }, [], "req-1");
}
