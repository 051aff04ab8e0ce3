using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Health.V1;
using Grpc.Reflection.V1Alpha;
using ImageGrid.Contracts.V1;
using ImageGrid.Server.Tests.Infrastructure;

namespace ImageGrid.Server.Tests.Integration;

[Collection(ImageGridCollection.Name)]
public sealed class AccessTests(ImageGridFixture fixture)
{
    [Theory]
    [InlineData(null)]
    [InlineData("igk_not_a_key")]
    [InlineData("")]
    public async Task A_call_without_a_valid_key_is_unauthenticated(string? apiKey)
    {
        var client = fixture.Client(apiKey);

        var create = await Assert.ThrowsAsync<RpcException>(() => client.CreateImageAsync(new CreateImageRequest { Prompt = "p" }).ResponseAsync);
        var get = await Assert.ThrowsAsync<RpcException>(() => client.GetTaskAsync(new GetTaskRequest { TaskId = "tsk_0" }).ResponseAsync);

        Assert.Equal(StatusCode.Unauthenticated, create.StatusCode);
        Assert.Equal(StatusCode.Unauthenticated, get.StatusCode);
        Assert.Contains("authorization", create.Status.Detail);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData(ImageGridFixture.DemoKey)]
    [InlineData("Basic abc")]
    public async Task A_key_sent_without_bearer_is_malformed_not_missing(string authorization)
    {
        var client = new Contracts.V1.ImageGrid.ImageGridClient(fixture.Channel.Intercept(metadata =>
        {
            metadata.Add("authorization", authorization);
            return metadata;
        }));

        var error = await Assert.ThrowsAsync<RpcException>(() => client.GetBalanceAsync(new GetBalanceRequest()).ResponseAsync);

        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
        Assert.StartsWith("Malformed 'authorization' metadata", error.Status.Detail);
        Assert.Contains("authorization: Bearer <api key>", error.Status.Detail);
    }

    [Fact]
    public async Task A_watch_without_a_valid_key_is_unauthenticated()
    {
        using var call = fixture.Client("igk_wrong").WatchTask(new WatchTaskRequest { TaskId = "tsk_0" });

        var error = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext());

        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
    }

    [Theory]
    [InlineData("tsk_0123456789abcdef0123456789abcdef")]
    [InlineData("task_of_someone_else")]
    [InlineData("../../etc/passwd")]
    public async Task An_unknown_or_malformed_task_id_is_not_found(string taskId)
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => fixture.Client().GetTaskAsync(new GetTaskRequest { TaskId = taskId }).ResponseAsync);

        Assert.Equal(StatusCode.NotFound, error.StatusCode);
    }

    [Fact]
    public async Task An_empty_task_id_is_an_invalid_argument()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => fixture.Client().GetTaskAsync(new GetTaskRequest()).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains("task_id", error.Status.Detail);
    }

    [Fact]
    public async Task The_standard_health_service_answers_serving_without_a_key()
    {
        var health = new Health.HealthClient(fixture.Invoker);

        var response = await health.CheckAsync(new HealthCheckRequest());

        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, response.Status);
    }

    [Fact]
    public async Task Reflection_lists_the_imagegrid_service()
    {
        var reflection = new ServerReflection.ServerReflectionClient(fixture.Invoker);
        using var call = reflection.ServerReflectionInfo();

        await call.RequestStream.WriteAsync(new ServerReflectionRequest { ListServices = "" });
        await call.RequestStream.CompleteAsync();
        Assert.True(await call.ResponseStream.MoveNext());

        var services = call.ResponseStream.Current.ListServicesResponse.Service.Select(s => s.Name);
        Assert.Contains("imagegrid.v1.ImageGrid", services);
    }

    [Theory]
    [InlineData("/health/live", new[] { "Healthy" })]
    [InlineData("/health/ready", new[] { "Healthy", "Degraded" })]
    public async Task The_management_endpoint_answers_kubernetes_probes_over_plain_http(string path, string[] acceptable)
    {
        using var http = new HttpClient { BaseAddress = new Uri(fixture.ManagementUrl) };

        using var response = await http.GetAsync(path);

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(await response.Content.ReadAsStringAsync(), acceptable);
    }
}
