using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ImageGrid.Catalog.Tests;

public sealed class ReferenceHostPolicyTests
{
    private const string NotAllowedSuffix = "is not allowed; references must be URLs returned by the Files API (UploadReference)";

    [Theory]
    [InlineData("https://files.example.com/files/a.png")]
    [InlineData("http://files.example.com/files/a.png")]
    [InlineData("https://FILES.Example.COM/files/a.png")]
    [InlineData("https://files.example.com:8443/files/a.png")]
    public void Entry_without_a_port_allows_the_host_on_any_port_in_any_case(string url)
    {
        var policy = new ReferenceHostAllowList(["files.example.com"]);

        Assert.True(policy.IsAllowed(new Uri(url)));
    }

    [Theory]
    [InlineData("http://127.0.0.1:5090/files/a.png", true)]
    [InlineData("http://127.0.0.1:5091/files/a.png", false)]
    [InlineData("http://127.0.0.1/files/a.png", false)]
    [InlineData("http://localhost:5090/files/a.png", false)]
    public void Entry_with_a_port_allows_only_that_port(string url, bool allowed)
    {
        var policy = new ReferenceHostAllowList(["127.0.0.1:5090"]);

        Assert.Equal(allowed, policy.IsAllowed(new Uri(url)));
    }

    [Theory]
    [InlineData("https://files.example.com.evil.test/a.png")]
    [InlineData("https://evil.test/files.example.com/a.png")]
    [InlineData("https://files.example.com@evil.test/a.png")]
    [InlineData("https://sub.files.example.com/a.png")]
    [InlineData("https://example.com/a.png")]
    public void Other_hosts_are_not_allowed_however_the_url_mentions_the_allowed_one(string url)
    {
        var policy = new ReferenceHostAllowList(["files.example.com"]);

        Assert.False(policy.IsAllowed(new Uri(url)));
    }

    [Fact]
    public void Ipv6_entries_with_and_without_a_port()
    {
        var policy = new ReferenceHostAllowList(["[::1]:5090", "[2001:db8::7]"]);

        Assert.True(policy.IsAllowed(new Uri("http://[::1]:5090/a.png")));
        Assert.False(policy.IsAllowed(new Uri("http://[::1]:5091/a.png")));
        Assert.True(policy.IsAllowed(new Uri("https://[2001:db8::7]:1234/a.png")));
    }

    [Fact]
    public void An_empty_allow_list_allows_nothing()
    {
        var policy = new ReferenceHostAllowList([]);

        Assert.False(policy.IsAllowed(new Uri("https://cdn.example.com/a.png")));
    }

    [Theory]
    [InlineData("files.example.com", "files.example.com", null)]
    [InlineData(" Files.Example.com ", "files.example.com", null)]
    [InlineData("127.0.0.1:5090", "127.0.0.1", 5090)]
    [InlineData("files.example.com:80", "files.example.com", 80)]
    public void Entries_parse_into_host_and_optional_port(string entry, string host, int? port)
    {
        Assert.True(AllowedHost.TryParse(entry, out var parsed, out _));
        Assert.Equal(new AllowedHost(host, port), parsed);
    }

    [Theory]
    [InlineData("")]
    [InlineData("https://files.example.com")]
    [InlineData("files.example.com/files")]
    [InlineData("user@files.example.com")]
    [InlineData("files.example.com:http")]
    [InlineData("files.example.com:99999")]
    [InlineData("files example.com")]
    [InlineData("::1")]
    public void Entries_that_are_not_a_host_with_an_optional_port_are_refused(string entry)
    {
        Assert.False(AllowedHost.TryParse(entry, out _, out var problem));
        Assert.Equal("must be a host name with an optional port (e.g. files.example.com or 127.0.0.1:5090), not a URL", problem);
        Assert.Throws<ArgumentException>(() => new ReferenceHostAllowList([entry]));
    }

    [Fact]
    public void The_validator_refuses_a_reference_on_a_host_not_allowed()
    {
        var validator = new ImageRequestValidator(new ModelCatalog(), new ReferenceHostAllowList(["127.0.0.1:5090"]));
        var references = new[]
        {
            Inputs.Reference(0) with { Url = "http://127.0.0.1:5090/files/f1/a.png" },
            Inputs.Reference(1) with { Url = "https://cdn.example.com/reference-1.png" },
            Inputs.Reference(2) with { Url = "http://169.254.169.254:80/latest/meta-data" },
            Inputs.Reference(3) with { Url = "http://127.0.0.1:6379/" },
        };

        var result = validator.Validate(Inputs.WithReferences(references));

        Assert.Equal(
            [
                new FieldViolation("params.references[1].url", $"host cdn.example.com {NotAllowedSuffix}"),
                new FieldViolation("params.references[2].url", $"host 169.254.169.254 {NotAllowedSuffix}"),
                new FieldViolation("params.references[3].url", $"host 127.0.0.1:6379 {NotAllowedSuffix}"),
            ],
            result.Violations);
    }

    [Fact]
    public void A_url_that_is_not_http_is_refused_for_its_shape_before_its_host_is_looked_at()
    {
        var validator = new ImageRequestValidator(new ModelCatalog(), new ReferenceHostAllowList(["cdn.example.com"]));

        var result = validator.Validate(Inputs.WithReferences(Inputs.Reference() with { Url = "ftp://cdn.example.com/a.png" }));

        Assert.Equal(
            [new FieldViolation("params.references[0].url", "must be an absolute http or https URL (got \"ftp://cdn.example.com/a.png\")")],
            result.Violations);
    }

    [Fact]
    public void Configured_allowed_hosts_are_what_the_registered_validator_uses()
    {
        using var services = CatalogServices.Build(new Dictionary<string, string?>
        {
            ["References:AllowedHosts:0"] = "files.rivya.test",
            ["References:AllowedHosts:1"] = "127.0.0.1:5090",
        });
        var validator = services.GetRequiredService<ImageRequestValidator>();
        var references = new[]
        {
            Inputs.Reference(0) with { Url = "https://files.rivya.test/f/a.png" },
            Inputs.Reference(1) with { Url = "http://127.0.0.1:5090/f/b.png" },
            Inputs.Reference(2) with { Url = "https://cdn.example.com/reference-2.png" },
        };

        var result = validator.Validate(Inputs.WithReferences(references));

        Assert.Equal([new FieldViolation("params.references[2].url", $"host cdn.example.com {NotAllowedSuffix}")], result.Violations);
    }

    [Fact]
    public void A_malformed_configured_entry_fails_options_validation_naming_it()
    {
        using var services = CatalogServices.Build(new Dictionary<string, string?>
        {
            ["References:AllowedHosts:0"] = "files.rivya.test",
            ["References:AllowedHosts:1"] = "https://cdn.example.com/",
        });

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<ReferenceOptions>>().Value);

        Assert.Equal(
            ["References:AllowedHosts:1 \"https://cdn.example.com/\" must be a host name with an optional port (e.g. files.example.com or 127.0.0.1:5090), not a URL"],
            error.Failures);
    }
}
