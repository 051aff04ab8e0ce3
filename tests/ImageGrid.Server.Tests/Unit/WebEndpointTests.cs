using ImageGrid.Server.Hosting;
using ImageGrid.Server.Web;
using Microsoft.Extensions.Configuration;

namespace ImageGrid.Server.Tests.Unit;

/// <summary>Where the dashboard listens in each hosting mode: on by default only in the embedded default.</summary>
public sealed class WebEndpointTests
{
    private static readonly HostingMode EmbeddedDefault = new(StorageProvider.Memory, Kubernetes: false);
    private static readonly HostingMode AzureStorage = new(StorageProvider.AzureStorage, Kubernetes: false);
    private static readonly HostingMode Kubernetes = new(StorageProvider.Memory, Kubernetes: true);

    [Fact]
    public void The_embedded_default_serves_the_dashboard_on_127_0_0_1_5081() =>
        Assert.Equal("http://127.0.0.1:5081", WebEndpoint.UrlOf(Settings(), EmbeddedDefault));

    [Fact]
    public void A_production_shaped_server_has_no_dashboard_unless_its_url_is_set()
    {
        Assert.Null(WebEndpoint.UrlOf(Settings(), AzureStorage));
        Assert.Null(WebEndpoint.UrlOf(Settings(), Kubernetes));
        Assert.Equal("http://0.0.0.0:8082", WebEndpoint.UrlOf(Settings(("Web:Url", "http://0.0.0.0:8082")), AzureStorage));
    }

    [Fact]
    public void Enabled_false_turns_the_dashboard_off_even_with_a_url() =>
        Assert.Null(WebEndpoint.UrlOf(Settings(("Web:Enabled", "false"), ("Web:Url", "http://127.0.0.1:6000")), EmbeddedDefault));

    [Fact]
    public void An_unreadable_enabled_setting_is_a_configuration_error_naming_it()
    {
        var failure = Assert.Throws<InvalidConfigurationException>(() => WebEndpoint.UrlOf(Settings(("Web:Enabled", "nope")), EmbeddedDefault));

        Assert.Contains("Web:Enabled", failure.Message);
    }

    private static IConfiguration Settings(params (string Key, string Value)[] settings) => new ConfigurationBuilder()
        .AddInMemoryCollection(settings.Select(setting => KeyValuePair.Create(setting.Key, (string?)setting.Value)))
        .Build();
}
