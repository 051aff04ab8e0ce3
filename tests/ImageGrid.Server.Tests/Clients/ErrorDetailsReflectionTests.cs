using Google.Protobuf.Reflection;
using Grpc.Reflection.V1Alpha;
using ImageGrid.Server.Tests.Infrastructure;

namespace ImageGrid.Server.Tests.Clients;

/// <summary>Reflection serves the google.rpc files that error details need, the same files protos/ ships.</summary>
[Collection(ImageGridCollection.Name)]
public sealed class ErrorDetailsReflectionTests(ImageGridFixture fixture)
{
    [Fact]
    public async Task Reflection_serves_the_file_that_defines_google_rpc_BadRequest()
    {
        var files = await AskAsync(new ServerReflectionRequest { FileContainingSymbol = "google.rpc.BadRequest" });

        var errorDetails = Assert.Single(files, file => file.Name == "google/rpc/error_details.proto");
        Assert.Equal("google.rpc", errorDetails.Package);
        var badRequest = Assert.Single(errorDetails.MessageType, message => message.Name == "BadRequest");
        var violation = Assert.Single(badRequest.NestedType, message => message.Name == "FieldViolation");
        Assert.Equal(["field", "description"], violation.Field.Take(2).Select(field => field.Name));
        Assert.True(File.Exists(Path.Combine(RepositoryRoot.Path, "protos", errorDetails.Name)), $"protos/{errorDetails.Name} is not shipped");
    }

    [Fact]
    public async Task Reflection_serves_google_rpc_Status_by_file_name()
    {
        var files = await AskAsync(new ServerReflectionRequest { FileByFilename = "google/rpc/status.proto" });

        var status = Assert.Single(files, file => file.Name == "google/rpc/status.proto");
        var message = Assert.Single(status.MessageType);
        Assert.Equal("Status", message.Name);
        Assert.Equal(["code", "message", "details"], message.Field.Select(field => field.Name));
        Assert.Equal(".google.protobuf.Any", message.Field.Single(field => field.Name == "details").TypeName);
        Assert.True(File.Exists(Path.Combine(RepositoryRoot.Path, "protos", status.Name)), $"protos/{status.Name} is not shipped");
    }

    [Fact]
    public async Task Reflection_still_lists_only_the_services_the_server_maps()
    {
        var answer = await AskOnceAsync(new ServerReflectionRequest { ListServices = "" });

        var services = answer.ListServicesResponse.Service.Select(service => service.Name).ToList();
        Assert.Contains("imagegrid.v1.ImageGrid", services);
        Assert.Contains("grpc.health.v1.Health", services);
        Assert.DoesNotContain(services, name => name.StartsWith("google.rpc", StringComparison.Ordinal));
    }

    private async Task<IReadOnlyList<FileDescriptorProto>> AskAsync(ServerReflectionRequest request)
    {
        var answer = await AskOnceAsync(request);
        Assert.Equal(ServerReflectionResponse.MessageResponseOneofCase.FileDescriptorResponse, answer.MessageResponseCase);
        return [.. answer.FileDescriptorResponse.FileDescriptorProto.Select(bytes => FileDescriptorProto.Parser.ParseFrom(bytes))];
    }

    private async Task<ServerReflectionResponse> AskOnceAsync(ServerReflectionRequest request)
    {
        var reflection = new ServerReflection.ServerReflectionClient(fixture.Invoker);
        using var call = reflection.ServerReflectionInfo(deadline: DateTime.UtcNow.AddMinutes(1));
        await call.RequestStream.WriteAsync(request);
        await call.RequestStream.CompleteAsync();
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
        return call.ResponseStream.Current;
    }
}
