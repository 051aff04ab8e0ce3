using System.Buffers.Binary;
using System.Net;
using Google.Protobuf;
using Google.Rpc;
using Grpc.Core;
using Grpc.Net.Client;
using ImageGrid.Contracts.V1;
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

    /// <summary>
    /// Kestrel refuses oversized metadata before any handler runs: one header over 8 KB ends the connection (HTTP/2
    /// COMPRESSION_ERROR), headers over 16 KB together get HTTP 431. The .NET client reports either as INTERNAL.
    /// </summary>
    [Theory]
    [InlineData(1, 64 * 1024)]
    [InlineData(3, 7 * 1024)]
    public async Task Oversized_metadata_is_refused_and_creates_nothing(int headerCount, int headerBytes)
    {
        var account = await fixture.CreateAccountAsync(Credits);
        var upstreamBefore = await fixture.Simulator.StatsAsync();
        // A channel of its own: the server may end the whole connection over it.
        using var channel = GrpcChannel.ForAddress(fixture.GrpcUrl);
        var client = new Contracts.V1.ImageGrid.ImageGridClient(channel);
        var headers = new Metadata { { "authorization", $"Bearer {account.Key}" } };
        for (var index = 0; index < headerCount; index++)
        {
            headers.Add($"x-padding-{index}", new string('a', headerBytes));
        }

        var error = await Assert.ThrowsAsync<RpcException>(() => client.CreateImageAsync(new CreateImageRequest { Prompt = Prompt }, headers).ResponseAsync);

        // How the refusal surfaces depends on the client and on timing (a reset connection or HTTP 431); it never succeeds.
        Assert.Contains(error.StatusCode, new[] { StatusCode.Internal, StatusCode.Unavailable });
        await AssertUntouchedAsync(account, upstreamBefore);
    }

    [Fact]
    public async Task Metadata_within_the_limits_is_accepted()
    {
        var account = await fixture.CreateAccountAsync(Credits);
        var headers = new Metadata { { "x-padding", new string('a', 4 * 1024) } };

        var task = await account.Client.CreateImageAsync(new CreateImageRequest { Prompt = Prompt }, headers);

        Assert.Equal(TaskStatus.Queued, task.Status);
    }

    [Fact]
    public async Task A_request_message_over_4_mb_is_refused_and_creates_nothing()
    {
        var account = await fixture.CreateAccountAsync(Credits);
        var upstreamBefore = await fixture.Simulator.StatsAsync();
        var request = new CreateImageRequest { Prompt = new string('p', 4 * 1024 * 1024 + 1) };

        var error = await Assert.ThrowsAsync<RpcException>(() => account.Client.CreateImageAsync(request).ResponseAsync);

        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
        await AssertUntouchedAsync(account, upstreamBefore);
    }

    [Fact]
    public async Task A_call_whose_deadline_has_passed_is_deadline_exceeded_and_reserves_nothing()
    {
        var account = await fixture.CreateAccountAsync(Credits);
        var upstreamBefore = await fixture.Simulator.StatsAsync();

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
        var upstreamBefore = await fixture.Simulator.StatsAsync();

        var status = await RawUnaryAsync(
            "/imagegrid.v1.ImageGrid/CreateImage",
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
    private async Task AssertUntouchedAsync(TestAccount account, SimulatorControl.SimStats upstreamBefore)
    {
        var balance = await account.Client.GetBalanceAsync(new GetBalanceRequest());
        Assert.Equal((Credits, 0, 0, Credits), (balance.Granted, balance.Reserved, balance.Spent, balance.Available));
        Assert.Empty((await account.Client.ListTasksAsync(new ListTasksRequest())).Tasks);
        Assert.Equal(upstreamBefore.CreateRequests, (await fixture.Simulator.StatsAsync()).CreateRequests);
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
