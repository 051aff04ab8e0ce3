using System.Net;
using Grpc.Core;
using Grpc.Net.Client;
using Grpc.Net.Client.Web;
using ImageGrid.Contracts.V1;
using ImageGrid.Server.Tests.Infrastructure;

namespace ImageGrid.Server.Tests.Web;

/// <summary>The dashboard endpoint: the page over HTTP/1.1, and gRPC-Web to the same service with the same key check.</summary>
[Collection(ImageGridCollection.Name)]
public sealed class DashboardPageTests(ImageGridFixture fixture)
{
    [Fact]
    public async Task The_web_endpoint_serves_the_page_and_its_bundle_over_http1()
    {
        using var http = new HttpClient { BaseAddress = new Uri(fixture.WebUrl), DefaultRequestVersion = HttpVersion.Version11 };

        using var page = await http.GetAsync("/");
        using var bundle = await http.GetAsync("/dashboard.js");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal(HttpVersion.Version11, page.Version);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<script type=\"module\" src=\"/dashboard.js\"></script>", await page.Content.ReadAsStringAsync());
        Assert.StartsWith("default-src 'self';", page.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Equal(HttpStatusCode.OK, bundle.StatusCode);
        Assert.Equal("text/javascript", bundle.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task The_page_is_not_served_on_the_management_endpoint()
    {
        using var http = new HttpClient { BaseAddress = new Uri(fixture.ManagementUrl) };

        using var page = await http.GetAsync("/");

        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
    }

    [Fact]
    public async Task Grpc_web_on_the_web_endpoint_reaches_the_service_with_the_callers_key()
    {
        using var channel = GrpcWebChannel(fixture.WebUrl);
        var client = new Contracts.V1.ImageGrid.ImageGridClient(channel);
        var account = await fixture.CreateAccountAsync(credits: 30);

        var balance = await client.GetBalanceAsync(new GetBalanceRequest(), Bearer(account.Key));

        Assert.Equal(30, balance.Granted);
        Assert.Equal(30, balance.Available);
    }

    [Fact]
    public async Task Grpc_web_without_a_key_is_unauthenticated_like_grpc()
    {
        using var channel = GrpcWebChannel(fixture.WebUrl);
        var client = new Contracts.V1.ImageGrid.ImageGridClient(channel);

        var refused = await Assert.ThrowsAsync<RpcException>(() => client.ListModelsAsync(new ListModelsRequest()).ResponseAsync);

        Assert.Equal(StatusCode.Unauthenticated, refused.StatusCode);
    }

    [Fact]
    public async Task Grpc_web_is_not_served_on_the_management_endpoint()
    {
        using var channel = GrpcWebChannel(fixture.ManagementUrl);
        var client = new Contracts.V1.ImageGrid.ImageGridClient(channel);

        var refused = await Assert.ThrowsAsync<RpcException>(() =>
            client.ListModelsAsync(new ListModelsRequest(), Bearer(ImageGridFixture.DemoKey)).ResponseAsync);

        Assert.NotEqual(StatusCode.OK, refused.StatusCode);
    }

    private static GrpcChannel GrpcWebChannel(string url) => GrpcChannel.ForAddress(url, new GrpcChannelOptions
    {
        HttpHandler = new GrpcWebHandler(GrpcWebMode.GrpcWeb, new HttpClientHandler()),
        HttpVersion = HttpVersion.Version11,
        HttpVersionPolicy = HttpVersionPolicy.RequestVersionExact,
    });

    private static Metadata Bearer(string key) => new() { { "authorization", $"Bearer {key}" } };
}
