using Grpc.Core;
using ImageGrid.Contracts.V1;
using ImageGrid.Server.Auth;
using ImageGrid.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ImageGrid.Server.Tests.Integration;

/// <summary>A server without <c>Admin:ApiKey</c>: the admin API is closed to everyone, the public one is unaffected.</summary>
[Collection(AdminDisabledCollection.Name)]
public sealed class DisabledAdminTests(AdminDisabledFixture fixture)
{
    [Theory]
    [InlineData(null)]
    [InlineData(ImageGridFixture.AdminKey)]
    [InlineData(ImageGridFixture.DemoKey)]
    public async Task Every_admin_call_is_unauthenticated_and_says_the_admin_api_is_disabled(string? key)
    {
        var error = await Assert.ThrowsAsync<RpcException>(
            () => fixture.Admin(key).CreateAccountAsync(new CreateAccountRequest { DisplayName = "x" }).ResponseAsync);

        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
        Assert.Equal("The admin API is disabled until Admin:ApiKey is set.", error.Status.Detail);
    }

    [Fact]
    public async Task The_public_service_still_answers_with_the_demo_key()
    {
        var demo = fixture.Server.Services.GetRequiredService<IOptions<DemoAccountOptions>>().Value;

        var balance = await fixture.Client().GetBalanceAsync(new GetBalanceRequest());

        Assert.Equal(demo.StartingCredits, balance.Granted);
    }
}
