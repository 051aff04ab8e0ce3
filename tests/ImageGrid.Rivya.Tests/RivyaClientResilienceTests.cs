using System.Globalization;
using ImageGrid.Rivya.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;

namespace ImageGrid.Rivya.Tests;

/// <summary>Retries, Retry-After and timeouts, as the resilience pipeline under the client applies them.</summary>
public sealed class RivyaClientResilienceTests
{
    private const int AllAttempts = TestClient.MaxRetryAttempts + 1;

    [Fact]
    public async Task Create_is_retried_through_two_503s_and_succeeds()
    {
        await using var rivya = await ScriptedRivya.StartAsync((context, number) => number <= 2
            ? Answers.Error(context, StatusCodes.Status503ServiceUnavailable, "unavailable", "Busy.")
            : Answers.Ok(context));
        await using var sut = TestClient.Create(rivya.Url);

        var task = await sut.Client.CreateTaskAsync(SampleRequest(), CancellationToken.None);

        Assert.Equal("task_1", task.Id);
        Assert.Equal(3, rivya.Requests.Count);
        Assert.All(rivya.Requests, sent => Assert.Equal("POST", sent.Method));
        Assert.All(rivya.Requests, sent => Assert.Equal(rivya.Requests[0].Body, sent.Body));
        Assert.All(rivya.Requests, sent => Assert.Equal($"Bearer {TestClient.ApiKey}", sent.Authorization));
    }

    [Fact]
    public async Task A_503_that_never_ends_surfaces_as_transient_unavailable_after_all_attempts()
    {
        await using var rivya = await ScriptedRivya.StartAsync((context, _) =>
            Answers.Error(context, StatusCodes.Status503ServiceUnavailable, "unavailable", "Down for maintenance."));
        await using var sut = TestClient.Create(rivya.Url);

        var exception = await Assert.ThrowsAsync<RivyaApiException>(() => sut.Client.CreateTaskAsync(SampleRequest(), CancellationToken.None));

        Assert.Equal(RivyaErrorCodes.Unavailable, exception.Code);
        Assert.Equal("Down for maintenance.", exception.Message);
        Assert.Equal(StatusCodes.Status503ServiceUnavailable, exception.HttpStatus);
        Assert.True(exception.IsTransient);
        Assert.Equal(AllAttempts, rivya.Requests.Count);
        Secret.AssertAbsentFrom(exception);
    }

    [Theory]
    [InlineData("1")]
    [InlineData("120")]
    public async Task A_429_with_retry_after_is_handed_back_at_once_for_the_caller_to_schedule(string retryAfter)
    {
        await using var rivya = await ScriptedRivya.StartAsync((context, number) => number == 1
            ? Answers.Error(context, StatusCodes.Status429TooManyRequests, "rate_limited", "Slow down.", retryAfter)
            : Answers.Ok(context));
        await using var sut = TestClient.Create(rivya.Url);

        var exception = await Assert.ThrowsAsync<RivyaApiException>(() => sut.Client.CreateTaskAsync(SampleRequest(), CancellationToken.None));

        Assert.Equal(RivyaErrorCodes.RateLimited, exception.Code);
        Assert.Equal(StatusCodes.Status429TooManyRequests, exception.HttpStatus);
        Assert.True(exception.IsTransient);
        Assert.Equal(TimeSpan.FromSeconds(int.Parse(retryAfter, CultureInfo.InvariantCulture)), exception.RetryAfter);
        Assert.Single(rivya.Requests);
        Secret.AssertAbsentFrom(exception);
    }

    [Fact]
    public async Task A_dropped_connection_is_retried_then_surfaces_as_transient_unavailable()
    {
        await using var rivya = await ScriptedRivya.StartAsync((context, _) => Answers.Drop(context));
        await using var sut = TestClient.Create(rivya.Url);

        var exception = await Assert.ThrowsAsync<RivyaApiException>(() => sut.Client.CreateTaskAsync(SampleRequest(), CancellationToken.None));

        Assert.Equal(RivyaErrorCodes.Unavailable, exception.Code);
        Assert.Null(exception.HttpStatus);
        Assert.True(exception.IsTransient);
        Assert.IsType<HttpRequestException>(exception.InnerException, exactMatch: false);
        Assert.Equal(AllAttempts, rivya.Requests.Count);
        Secret.AssertAbsentFrom(exception);
    }

    [Fact]
    public async Task A_dropped_connection_followed_by_an_answer_succeeds()
    {
        await using var rivya = await ScriptedRivya.StartAsync((context, number) => number == 1 ? Answers.Drop(context) : Answers.Ok(context));
        await using var sut = TestClient.Create(rivya.Url);

        var task = await sut.Client.CreateTaskAsync(SampleRequest(), CancellationToken.None);

        Assert.Equal("task_1", task.Id);
        Assert.Equal(2, rivya.Requests.Count);
    }

    [Fact]
    public async Task An_answer_slower_than_the_attempt_timeout_is_retried_then_surfaces_as_timeout()
    {
        await using var rivya = await ScriptedRivya.StartAsync((context, _) => Answers.Hang(context));
        // Long enough for each attempt to reach the server on a busy machine, so the count below is exact.
        await using var sut = TestClient.Create(rivya.Url, options => options.AttemptTimeout = TimeSpan.FromSeconds(1));

        var exception = await Assert.ThrowsAsync<RivyaApiException>(() => sut.Client.GetTaskAsync("task_1", CancellationToken.None));

        Assert.Equal(RivyaErrorCodes.Timeout, exception.Code);
        Assert.Null(exception.HttpStatus);
        Assert.True(exception.IsTransient);
        Assert.Equal(AllAttempts, rivya.Requests.Count);
        Secret.AssertAbsentFrom(exception);
    }

    [Fact]
    public async Task The_total_timeout_ends_the_call_before_the_retries_run_out()
    {
        await using var rivya = await ScriptedRivya.StartAsync((context, _) => Answers.Hang(context));
        await using var sut = TestClient.Create(rivya.Url, options =>
        {
            options.AttemptTimeout = TimeSpan.FromMilliseconds(300);
            options.TotalRequestTimeout = TimeSpan.FromMilliseconds(800);
            options.MaxRetryAttempts = 10;
        });

        var exception = await Assert.ThrowsAsync<RivyaApiException>(() => sut.Client.GetTaskAsync("task_1", CancellationToken.None));

        Assert.Equal(RivyaErrorCodes.Timeout, exception.Code);
        Assert.True(exception.IsTransient);
        Assert.InRange(rivya.Requests.Count, 1, 10);
    }

    [Fact]
    public async Task The_callers_cancellation_stays_a_cancellation_and_is_not_retried()
    {
        var arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var rivya = await ScriptedRivya.StartAsync((context, _) =>
        {
            arrived.TrySetResult();
            return Answers.Hang(context);
        });
        await using var sut = TestClient.Create(rivya.Url);
        using var cancellation = new CancellationTokenSource();

        var call = sut.Client.GetTaskAsync("task_1", cancellation.Token);
        await arrived.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        Assert.Single(rivya.Requests);
    }

    private static RivyaCreateTaskRequest SampleRequest() =>
        new("gpt-image-2", "a cat", new Dictionary<string, string> { ["aspect_ratio"] = "1:1" }, [], "req-1");
}
