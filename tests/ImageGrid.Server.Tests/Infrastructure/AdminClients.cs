using Grpc.Core.Interceptors;
using ImageGrid.Contracts.V1;

namespace ImageGrid.Server.Tests.Infrastructure;

/// <summary>Clients of the admin service over the fixture's real channel.</summary>
public static class AdminClients
{
    /// <summary>An admin client sending the given key (none when null); the fixture's admin key by default.</summary>
    public static ImageGridAdmin.ImageGridAdminClient Admin(this ImageGridFixture fixture, string? key = ImageGridFixture.AdminKey) =>
        new(fixture.Channel.Intercept(metadata =>
        {
            if (key is not null)
            {
                metadata.Add("authorization", $"Bearer {key}");
            }

            return metadata;
        }));
}
