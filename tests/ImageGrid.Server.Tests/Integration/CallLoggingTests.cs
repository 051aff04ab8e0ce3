using Grpc.Core;
using Grpc.Core.Interceptors;
using ImageGrid.Contracts.V1;
using ImageGrid.Server.Tests.Infrastructure;
using Microsoft.Extensions.Logging;

namespace ImageGrid.Server.Tests.Integration;

[CollectionDefinition(Name)]
public sealed class LogCaptureCollection : ICollectionFixture<LogCaptureFixture>
{
    public const string Name = "log-capture";
}

/// <summary>What the server logs for calls that end badly through no fault of its own: a person can read it.</summary>
[Collection(LogCaptureCollection.Name)]
public sealed class CallLoggingTests(LogCaptureFixture fixture)
{
    private const string Service = "/imagegrid.v1.ImageGrid/";

    [Theory]
    [InlineData("WatchTask")]
    [InlineData("WatchTasks")]
    public async Task A_watch_its_client_cancels_ends_with_one_debug_line_and_no_exception(string method)
    {
        var client = fixture.Client();
        var task = await CreateQueuedTaskAsync(client);
        using var cancel = new CancellationTokenSource();
        using var call = method == "WatchTask"
            ? client.WatchTask(new WatchTaskRequest { TaskId = task.Id }, cancellationToken: cancel.Token)
            : client.WatchTasks(new WatchTasksRequest(), cancellationToken: cancel.Token);
        Assert.True(await call.ResponseStream.MoveNext());

        var mark = fixture.Logs.Mark();
        await cancel.CancelAsync();
        await fixture.WaitForRequestEndAsync(mark, Service + method);

        var entries = fixture.ServerEntriesSince(mark);
        Assert.All(entries, entry => Assert.True(entry.Level <= LogLevel.Debug && entry.Exception is null, entry.ToString()));
        Assert.Single(entries, entry => entry.Message.Contains($"{Service}{method} ended early", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_watch_whose_deadline_passes_ends_at_debug_with_no_exception()
    {
        var client = fixture.Client();
        var task = await CreateQueuedTaskAsync(client);
        var mark = fixture.Logs.Mark();
        using var call = client.WatchTask(new WatchTaskRequest { TaskId = task.Id }, deadline: DateTime.UtcNow.AddSeconds(1));

        var error = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            while (await call.ResponseStream.MoveNext())
            {
            }
        });
        await fixture.WaitForRequestEndAsync(mark, Service + "WatchTask");

        Assert.Equal(StatusCode.DeadlineExceeded, error.StatusCode);
        Assert.All(fixture.ServerEntriesSince(mark), entry => Assert.True(entry.Level <= LogLevel.Debug && entry.Exception is null, entry.ToString()));
    }

    public static TheoryData<string, string> MalformedBodies => new()
    {
        // Field 2 (prompt) claims 100 bytes and two follow; an undefined wire type; field 1 (model) not valid UTF-8.
        { "CreateImage", "12640102" },
        { "CreateImage", "0f0f0f0fffffff" },
        { "CreateImage", "0a02c328" },
        // A varint cut after a byte that promises more (field 3 of WatchTaskRequest: after_version).
        { "WatchTask", "1880" },
        { "GetTask", "0a03ff" },
    };

    [Theory]
    [MemberData(nameof(MalformedBodies))]
    public async Task A_body_that_cannot_be_decoded_is_internal_and_logs_one_debug_line(string method, string hexBody)
    {
        var mark = fixture.Logs.Mark();
        await using var connection = await RawHttp2Connection.ConnectAsync(fixture.GrpcUrl);

        var response = await connection.UnaryAsync(Service + method, Convert.FromHexString(hexBody), [new("authorization", $"Bearer {ImageGridFixture.DemoKey}")], TimeSpan.FromSeconds(30));
        await fixture.WaitForRequestEndAsync(mark, Service + method);

        Assert.Equal(((int)StatusCode.Internal).ToString(), response["grpc-status"]);
        Assert.Contains("could not be decoded", Uri.UnescapeDataString(response["grpc-message"] ?? ""));
        var entries = fixture.ServerEntriesSince(mark);
        Assert.All(entries, entry => Assert.True(entry.Level <= LogLevel.Debug && entry.Exception is null, entry.ToString()));
        Assert.Single(entries, entry => entry.Message.Contains("could not be decoded", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(MalformedBodies))]
    public async Task Without_a_key_the_body_is_not_read_and_the_call_is_unauthenticated(string method, string hexBody)
    {
        var mark = fixture.Logs.Mark();
        await using var connection = await RawHttp2Connection.ConnectAsync(fixture.GrpcUrl);

        var response = await connection.UnaryAsync(Service + method, Convert.FromHexString(hexBody), [], TimeSpan.FromSeconds(30));
        await fixture.WaitForRequestEndAsync(mark, Service + method);

        Assert.Equal(((int)StatusCode.Unauthenticated).ToString(), response["grpc-status"]);
        var entries = fixture.ServerEntriesSince(mark);
        Assert.All(entries, entry => Assert.True(entry.Level <= LogLevel.Information && entry.Exception is null, entry.ToString()));
        Assert.DoesNotContain(entries, entry => entry.Message.Contains("could not be decoded", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Client_text_in_a_logged_outcome_is_escaped()
    {
        const string taskId = "tsk_x\nfail: ImageGrid forged line\0\u202Edesrever";
        var mark = fixture.Logs.Mark();

        var error = await Assert.ThrowsAsync<RpcException>(() => fixture.Client().GetTaskAsync(new GetTaskRequest { TaskId = taskId }).ResponseAsync);
        await fixture.WaitForRequestEndAsync(mark, Service + "GetTask");

        Assert.Equal(StatusCode.NotFound, error.StatusCode);
        var outcome = Assert.Single(fixture.ServerEntriesSince(mark), entry => entry.Message.Contains("forged line", StringComparison.Ordinal));
        Assert.Contains(@"tsk_x\nfail: ImageGrid forged line\u0000\u202Edesrever", outcome.Message);
        Assert.DoesNotContain('\n', outcome.Message);
        Assert.DoesNotContain('\0', outcome.Message);
        Assert.DoesNotContain('\u202E', outcome.Message);
    }

    public static TheoryData<string> ClientMistakes => ["no key", "wrong key", "key without Bearer", "invalid argument", "not found", "no credits"];

    [Theory]
    [MemberData(nameof(ClientMistakes))]
    public async Task A_clients_mistake_logs_at_most_one_line_at_information_and_none_above(string mistake)
    {
        var (client, method, call) = await MistakeAsync(mistake);
        var mark = fixture.Logs.Mark();

        await Assert.ThrowsAsync<RpcException>(call(client));
        await fixture.WaitForRequestEndAsync(mark, Service + method);

        var entries = fixture.ServerEntriesSince(mark);
        Assert.All(entries, entry => Assert.True(entry.Level <= LogLevel.Information && entry.Exception is null, entry.ToString()));
        Assert.True(entries.Count(entry => entry.Level == LogLevel.Information) <= 1, string.Join(" | ", entries));
    }

    private async Task<(ImageGrid.Contracts.V1.ImageGrid.ImageGridClient Client, string Method, Func<ImageGrid.Contracts.V1.ImageGrid.ImageGridClient, Func<Task>> Call)> MistakeAsync(string mistake)
    {
        Func<ImageGrid.Contracts.V1.ImageGrid.ImageGridClient, Func<Task>> create = client => () =>
            client.CreateImageAsync(new CreateImageRequest { Prompt = "a lighthouse", Params = new ImageParams { Values = { ["no\nsuch key"] = "x" } } }).ResponseAsync;
        Func<ImageGrid.Contracts.V1.ImageGrid.ImageGridClient, Func<Task>> get = client => () =>
            client.GetTaskAsync(new GetTaskRequest { TaskId = "tsk_0123456789abcdef0123456789abcdef" }).ResponseAsync;
        return mistake switch
        {
            "no key" => (fixture.Client(null), "GetTask", get),
            "wrong key" => (fixture.Client("igk_wrong"), "GetTask", get),
            "key without Bearer" => (WithAuthorization(ImageGridFixture.DemoKey), "GetTask", get),
            "invalid argument" => (fixture.Client(), "CreateImage", create),
            "not found" => (fixture.Client(), "GetTask", get),
            "no credits" => ((await fixture.CreateAccountAsync(0)).Client, "CreateImage", client => () =>
                client.CreateImageAsync(new CreateImageRequest { Prompt = "a lighthouse" }).ResponseAsync),
            _ => throw new ArgumentOutOfRangeException(nameof(mistake)),
        };
    }

    private ImageGrid.Contracts.V1.ImageGrid.ImageGridClient WithAuthorization(string value) =>
        new(fixture.Channel.Intercept(metadata =>
        {
            metadata.Add("authorization", value);
            return metadata;
        }));

    private async Task<ImageTask> CreateQueuedTaskAsync(ImageGrid.Contracts.V1.ImageGrid.ImageGridClient client)
    {
        var marker = $"stays queued {Guid.NewGuid():N}";
        await fixture.Simulator.AddScriptAsync(new { promptContains = marker, outcome = "succeeded", queuedMs = 600_000, runningMs = 1000 });
        return await client.CreateImageAsync(new CreateImageRequest { Prompt = marker });
    }
}
