using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using Google.Protobuf;
using Google.Rpc;
using Grpc.Core;
using Grpc.Net.Client;
using ImageGrid.Contracts.V1;
using ImageGrid.Rivya.Simulator.Control;
using ImageGrid.Server.Tests.Infrastructure;
using TaskStatus = ImageGrid.Contracts.V1.TaskStatus;

namespace ImageGrid.Server.Tests.Integration;

/// <summary>
/// Limits that hold at the transport: message and metadata sizes, deadlines, and answers small enough to read. Each
/// refused call leaves a fresh account exactly as it was and sends nothing to Rivya.
/// </summary>
[Collection(ImageGridCollection.Name)]
public sealed class InputLimitsTests(ImageGridFixture fixture)
{
    private const string Prompt = "A clean editorial product image on a soft studio background";
    private const int Credits = 30;
    private const string CreateImagePath = "/imagegrid.v1.ImageGrid/CreateImage";

    /// <summary>
    /// One header over 8 KB (name and value as decoded) is RESOURCE_EXHAUSTED, naming the header and the limit, before
    /// any handler runs: the API key is not even looked at.
    /// </summary>
    [Fact]
    public async Task A_header_over_8_kb_is_resource_exhausted_naming_it_and_creates_nothing()
    {
        var account = await fixture.CreateAccountAsync(Credits);
        var upstreamBefore = await fixture.Simulator.GetStatsAsync();
        var headers = new Metadata { { "x-padding", new string('a', 8 * 1024 - "x-padding".Length + 1) } };

        var error = await Assert.ThrowsAsync<RpcException>(() => account.Client.CreateImageAsync(new CreateImageRequest { Prompt = Prompt }, headers).ResponseAsync);

        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
        Assert.Equal("request header 'x-padding' is 8193 bytes (name and value, decoded); the limit is 8192 bytes per header", error.Status.Detail);
        await AssertUntouchedAsync(account, upstreamBefore);
    }

    [Fact]
    public async Task Headers_over_16_kb_in_all_are_resource_exhausted_and_create_nothing()
    {
        var account = await fixture.CreateAccountAsync(Credits);
        var upstreamBefore = await fixture.Simulator.GetStatsAsync();
        var headers = new Metadata();
        for (var index = 0; index < 3; index++)
        {
            headers.Add($"x-padding-{index}", new string('a', 6 * 1024));
        }

        var error = await Assert.ThrowsAsync<RpcException>(() => account.Client.CreateImageAsync(new CreateImageRequest { Prompt = Prompt }, headers).ResponseAsync);

        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
        Assert.Matches(@"^request headers are \d+ bytes in all \(names and values, decoded\); the limit is 16384 bytes in all$", error.Status.Detail);
        await AssertUntouchedAsync(account, upstreamBefore);
    }

    /// <summary>
    /// 12 KB of 'a' Huffman-codes to 7.5 KB: under 8 KB on the wire, 12 KB decoded. Sent twice on one connection as a
    /// literal the server is asked to index, it is refused both times, and the connection stays usable.
    /// </summary>
    [Fact]
    public async Task A_well_compressed_12_kb_header_is_refused_every_time_on_one_connection()
    {
        var account = await fixture.CreateAccountAsync(Credits);
        var upstreamBefore = await fixture.Simulator.GetStatsAsync();
        await using var connection = await RawHttp2Connection.ConnectAsync(fixture.GrpcUrl);
        HPack.Header[] headers = [new("authorization", $"Bearer {account.Key}"), new("x-padding", new string('a', 12 * 1024), Huffman: true)];

        foreach (var attempt in Enumerable.Range(1, 2))
        {
            var response = await connection.UnaryAsync(CreateImagePath, new CreateImageRequest { Prompt = Prompt }.ToByteArray(), headers, TimeSpan.FromSeconds(10));

            Assert.True(response.GoAwayCode is null, $"attempt {attempt}: the connection was closed ({response.GoAwayCode})");
            Assert.Equal(((int)StatusCode.ResourceExhausted).ToString(CultureInfo.InvariantCulture), response["grpc-status"]);
            Assert.Equal("request header 'x-padding' is 12297 bytes (name and value, decoded); the limit is 8192 bytes per header", Uri.UnescapeDataString(response["grpc-message"]!));
        }

        await AssertUntouchedAsync(account, upstreamBefore);
    }

    /// <summary>A client that sends more than 32 KB in all anyway gets HTTP 431 from Kestrel, with no gRPC status.</summary>
    [Fact]
    public async Task Headers_over_32_kb_in_all_sent_anyway_get_http_431()
    {
        var account = await fixture.CreateAccountAsync(Credits);
        var upstreamBefore = await fixture.Simulator.GetStatsAsync();
        await using var connection = await RawHttp2Connection.ConnectAsync(fixture.GrpcUrl);
        var padding = Enumerable.Range(0, 5).Select(i => new HPack.Header($"x-padding-{i}", new string('a', 7 * 1024)));

        var response = await connection.UnaryAsync(CreateImagePath, new CreateImageRequest { Prompt = Prompt }.ToByteArray(),
            [new("authorization", $"Bearer {account.Key}"), .. padding], TimeSpan.FromSeconds(10));

        Assert.Equal("431", response[":status"]);
        Assert.Null(response["grpc-status"]);
        await AssertUntouchedAsync(account, upstreamBefore);
    }

    /// <summary>Just under the limit, Huffman-coded or not, a header passes.</summary>
    [Fact]
    public async Task Metadata_within_the_limits_is_accepted()
    {
        var account = await fixture.CreateAccountAsync(Credits);
        var atTheLimit = new string('a', 8 * 1024 - "x-padding".Length);
        var headers = new Metadata { { "x-padding", atTheLimit }, { "x-more", new string('a', 4 * 1024) } };

        var task = await account.Client.CreateImageAsync(new CreateImageRequest { Prompt = Prompt }, headers);

        Assert.Equal(TaskStatus.Queued, task.Status);
        await using var connection = await RawHttp2Connection.ConnectAsync(fixture.GrpcUrl);
        var response = await connection.UnaryAsync(CreateImagePath, new CreateImageRequest { Prompt = Prompt }.ToByteArray(),
            [new("authorization", $"Bearer {account.Key}"), new("x-padding", atTheLimit[..^8], Huffman: true)], TimeSpan.FromSeconds(10));
        Assert.Equal("0", response["grpc-status"]);
    }

    /// <summary>
    /// Far past the limits Kestrel refuses before any of this runs: a header of over 16 KB on the wire ends the
    /// connection (COMPRESSION_ERROR), and over 32 KB in all is past the header list size Kestrel announces, which the
    /// .NET client refuses to send. Either way the .NET client reports INTERNAL (UNAVAILABLE if the connection is gone).
    /// </summary>
    [Theory]
    [InlineData(1, 64 * 1024)]
    [InlineData(5, 7 * 1024)]
    public async Task Metadata_far_past_the_limits_is_refused_by_kestrel_and_creates_nothing(int headerCount, int headerBytes)
    {
        var account = await fixture.CreateAccountAsync(Credits);
        var upstreamBefore = await fixture.Simulator.GetStatsAsync();
        // A channel of its own: the server may end the whole connection over it.
        using var channel = GrpcChannel.ForAddress(fixture.GrpcUrl);
        var client = new Contracts.V1.ImageGrid.ImageGridClient(channel);
        var headers = new Metadata { { "authorization", $"Bearer {account.Key}" } };
        for (var index = 0; index < headerCount; index++)
        {
            headers.Add($"x-padding-{index}", new string('a', headerBytes));
        }

        var error = await Assert.ThrowsAsync<RpcException>(() => client.CreateImageAsync(new CreateImageRequest { Prompt = Prompt }, headers).ResponseAsync);

        Assert.Contains(error.StatusCode, new[] { StatusCode.Internal, StatusCode.Unavailable });
        await AssertUntouchedAsync(account, upstreamBefore);
    }

    [Fact]
    public async Task A_request_message_over_4_mb_is_refused_and_creates_nothing()
    {
        var account = await fixture.CreateAccountAsync(Credits);
        var upstreamBefore = await fixture.Simulator.GetStatsAsync();
        var request = new CreateImageRequest { Prompt = new string('p', 4 * 1024 * 1024 + 1) };

        var error = await Assert.ThrowsAsync<RpcException>(() => account.Client.CreateImageAsync(request).ResponseAsync);

        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
        await AssertUntouchedAsync(account, upstreamBefore);
    }

    [Fact]
    public async Task A_call_whose_deadline_has_passed_is_deadline_exceeded_and_reserves_nothing()
    {
        var account = await fixture.CreateAccountAsync(Credits);
        var upstreamBefore = await fixture.Simulator.GetStatsAsync();

        var error = await Assert.ThrowsAsync<RpcException>(() =>
            account.Client.CreateImageAsync(new CreateImageRequest { Prompt = Prompt }, deadline: DateTime.UtcNow.AddSeconds(-1)).ResponseAsync);

        Assert.Equal(StatusCode.DeadlineExceeded, error.StatusCode);
        await AssertUntouchedAsync(account, upstreamBefore);
    }

    /// <summary>
    /// The .NET client does not even send a call already past its deadline, so this one goes out by hand with
    /// <c>grpc-timeout: 1u</c> (one microsecond): the server itself must see the expired deadline and stop before the
    /// reservation.
    /// </summary>
    [Fact]
    public async Task A_call_that_arrives_with_an_expired_deadline_stops_before_the_reservation()
    {
        var account = await fixture.CreateAccountAsync(Credits);
        var upstreamBefore = await fixture.Simulator.GetStatsAsync();

        var status = await RawUnaryAsync(
            CreateImagePath,
            new CreateImageRequest { Prompt = Prompt },
            ("authorization", $"Bearer {account.Key}"),
            ("grpc-timeout", "1u"));

        Assert.Equal(((int)StatusCode.DeadlineExceeded).ToString(System.Globalization.CultureInfo.InvariantCulture), status);
        await AssertUntouchedAsync(account, upstreamBefore);
    }

    [Fact]
    public async Task An_answer_to_thousands_of_bad_fields_stays_small_enough_for_every_client()
    {
        var parameters = new ImageParams();
        parameters.Values.Add(Enumerable.Range(0, 5000).ToDictionary(i => $"k{i:D4}", _ => new string('v', 200)));
        var request = new CreateImageRequest { Prompt = Prompt, Params = parameters };

        var error = await Assert.ThrowsAsync<RpcException>(() => fixture.Client().CreateImageAsync(request).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        var listed = error.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations;
        Assert.InRange(listed.Count, 1, 4999);
        Assert.Equal(Enumerable.Range(0, listed.Count).Select(i => $"params.k{i:D4}"), listed.Select(v => v.Field));
        Assert.EndsWith($"; … 5000 problems in all: the google.rpc.BadRequest detail lists the first {listed.Count}; fix them and call again to see the rest", error.Status.Detail);
        // gRPC C-core and grpc-java refuse more than 8 KB of metadata by default.
        Assert.InRange(error.Trailers.Sum(entry => entry.Key.Length + (entry.IsBinary ? (entry.ValueBytes.Length + 2) / 3 * 4 : entry.Value.Length)), 1, 8 * 1024);
    }

    /// <summary>A fresh account still has its opening balance and no task, and Rivya got no create.</summary>
    private async Task AssertUntouchedAsync(TestAccount account, SimulatorStatsSnapshot upstreamBefore)
    {
        var balance = await account.Client.GetBalanceAsync(new GetBalanceRequest());
        Assert.Equal((Credits, 0, 0, Credits), (balance.Granted, balance.Reserved, balance.Spent, balance.Available));
        Assert.Empty((await account.Client.ListTasksAsync(new ListTasksRequest())).Tasks);
        Assert.Equal(upstreamBefore.CreateRequests, (await fixture.Simulator.GetStatsAsync()).CreateRequests);
    }

    /// <summary>One unary gRPC call over plain HTTP/2, with headers the .NET client would not send; returns grpc-status.</summary>
    private async Task<string?> RawUnaryAsync(string path, IMessage request, params (string Name, string Value)[] headers)
    {
        var payload = request.ToByteArray();
        var frame = new byte[5 + payload.Length];
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1, 4), (uint)payload.Length);
        payload.CopyTo(frame, 5);

        using var http = new HttpClient();
        using var message = new HttpRequestMessage(HttpMethod.Post, new Uri(new Uri(fixture.GrpcUrl), path))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new ByteArrayContent(frame),
        };
        message.Content.Headers.ContentType = new("application/grpc");
        message.Headers.TryAddWithoutValidation("te", "trailers");
        foreach (var (name, value) in headers)
        {
            message.Headers.TryAddWithoutValidation(name, value);
        }

        using var response = await http.SendAsync(message);
        await response.Content.ReadAsByteArrayAsync();
        return response.TrailingHeaders.TryGetValues("grpc-status", out var trailer) ? trailer.Single()
            : response.Headers.TryGetValues("grpc-status", out var header) ? header.Single()
            : null;
    }
}
