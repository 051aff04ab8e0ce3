using ImageGrid.Rivya.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace ImageGrid.Rivya.Tests;

/// <summary><see cref="RivyaServiceCollectionExtensions.AddRivyaClient"/>: configuration, validation on start, secret-free logs.</summary>
public sealed class RivyaClientRegistrationTests
{
    [Fact]
    public async Task Options_bind_from_the_Rivya_configuration_section()
    {
        await using var rivya = await ScriptedRivya.StartAsync((context, _) => Answers.Ok(context));
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration["Rivya:BaseUrl"] = rivya.Url;
        builder.Configuration["Rivya:ApiKey"] = TestClient.ApiKey;
        builder.Configuration["Rivya:MaxRetryAttempts"] = "1";
        builder.Configuration["Rivya:AttemptTimeout"] = "00:00:02";
        builder.Services.AddRivyaClient();
        using var host = builder.Build();
        await host.StartAsync();

        var options = host.Services.GetRequiredService<IOptions<RivyaOptions>>().Value;
        var task = await host.Services.GetRequiredService<IRivyaClient>().GetTaskAsync("task_1", CancellationToken.None);

        Assert.Equal(1, options.MaxRetryAttempts);
        Assert.Equal(TimeSpan.FromSeconds(2), options.AttemptTimeout);
        Assert.Equal(TimeSpan.FromSeconds(30), options.TotalRequestTimeout);
        Assert.Equal("task_1", task.Id);
        Assert.Equal($"Bearer {TestClient.ApiKey}", Assert.Single(rivya.Requests).Authorization);
        await host.StopAsync();
    }

    [Theory]
    [InlineData(null, TestClient.ApiKey, "BaseUrl")]
    [InlineData("/relative/path", TestClient.ApiKey, "BaseUrl")]
    [InlineData("ftp://rivya.example", TestClient.ApiKey, "BaseUrl")]
    [InlineData("https://rivya.example", "", "ApiKey")]
    public async Task Invalid_options_stop_the_host_from_starting(string? baseUrl, string apiKey, string named)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddRivyaClient(options =>
        {
            options.BaseUrl = baseUrl;
            options.ApiKey = apiKey;
        });
        using var host = builder.Build();

        var exception = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains(named, exception.Message);
        Secret.AssertAbsentFrom(exception);
    }

    [Fact]
    public async Task An_attempt_timeout_longer_than_the_total_timeout_is_rejected()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddRivyaClient(options =>
        {
            options.BaseUrl = "https://rivya.example";
            options.ApiKey = TestClient.ApiKey;
            options.AttemptTimeout = TimeSpan.FromSeconds(40);
            options.TotalRequestTimeout = TimeSpan.FromSeconds(30);
        });
        using var host = builder.Build();

        var exception = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("AttemptTimeout must not exceed TotalRequestTimeout", exception.Message);
    }

    [Fact]
    public async Task The_api_key_never_reaches_the_logs_even_at_trace_level()
    {
        using var logs = new CapturedLogs();
        await using var rivya = await ScriptedRivya.StartAsync((context, number) => number == 1
            ? Answers.Error(context, 503, "unavailable", "Busy.")
            : Answers.Ok(context));
        await using var sut = TestClient.Create(rivya.Url, logs: logs);

        await sut.Client.CreateTaskAsync(
            new RivyaCreateTaskRequest("gpt-image-2", "a cat", new Dictionary<string, string>(), [], "req-1"),
            CancellationToken.None);

        Assert.Contains(logs.Lines, line => line.Contains("Authorization: *", StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Lines, line => line.Contains(TestClient.ApiKey, StringComparison.Ordinal));
    }
}
