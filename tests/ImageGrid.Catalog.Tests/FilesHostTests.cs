using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ImageGrid.Catalog.Tests;

/// <summary>On the Files API's own host only the caller's own uploads and results are taken, whatever the path.</summary>
public sealed class FilesHostTests
{
    private const string Field = "params.references[0].url";
    private const string FilesHost = "127.0.0.1:5090";
    private const string OwnFile = "http://127.0.0.1:5090/files/file_1/a.png";

    private const string NotOwn =
        "is not the URL of a file this API key's account uploaded or of an image its tasks produced; " +
        "upload the file with UploadReference and pass the file_id (or the url) it returns";

    private readonly ImageRequestValidator _validator = new(new ModelCatalog(), new ReferenceHostAllowList(["cdn.example.com"], FilesHost));

    [Fact]
    public void A_url_the_account_owns_is_taken()
    {
        var result = Validate(OwnFile, OwnFile);

        Assert.True(result.IsValid);
        Assert.Equal(OwnFile, Assert.Single(result.Request.References).Url);
    }

    [Theory]
    [InlineData("http://127.0.0.1:5090/files/file_2/a.png")]
    [InlineData("http://127.0.0.1:5090/_sim/stats")]
    [InlineData("http://127.0.0.1:5090/_sim/accounts/rivya-key/credits")]
    [InlineData("http://127.0.0.1:5090/files/file_1/a.png?x=1")]
    public void Any_other_url_on_the_files_host_is_refused_alike(string url) =>
        Assert.Equal([new FieldViolation(Field, NotOwn)], Validate(url, OwnFile).Violations);

    [Fact]
    public void Listing_the_files_host_among_the_allowed_hosts_does_not_open_it()
    {
        var validator = new ImageRequestValidator(new ModelCatalog(), new ReferenceHostAllowList([FilesHost, "cdn.example.com"], FilesHost));

        var result = validator.Validate(Inputs.WithReferences(Inputs.Reference() with { Url = "http://127.0.0.1:5090/_sim/stats" }));

        Assert.Equal([new FieldViolation(Field, NotOwn)], result.Violations);
    }

    [Theory]
    [InlineData("https://cdn.example.com/any/path.png", true)]
    [InlineData("http://127.0.0.1:5091/files/file_1/a.png", false)]
    public void Other_hosts_keep_the_allow_list(string url, bool taken) =>
        Assert.Equal(taken, Validate(url, OwnFile).IsValid);

    [Fact]
    public void The_configured_files_host_is_what_the_registered_validator_uses()
    {
        using var services = CatalogServices.Build(new Dictionary<string, string?> { ["References:FilesHost"] = "files.rivya.test" });
        var validator = services.GetRequiredService<ImageRequestValidator>();

        var result = validator.Validate(Inputs.WithReferences(Inputs.Reference() with { Url = "https://files.rivya.test:8443/files/a.png" }));

        Assert.Equal([new FieldViolation(Field, NotOwn)], result.Violations);
    }

    [Fact]
    public void A_malformed_configured_files_host_fails_options_validation()
    {
        using var services = CatalogServices.Build(new Dictionary<string, string?> { ["References:FilesHost"] = "https://files.rivya.test/" });

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<ReferenceOptions>>().Value);

        Assert.Equal(
            ["References:FilesHost \"https://files.rivya.test/\" must be a host name with an optional port (e.g. files.example.com or 127.0.0.1:5090), not a URL"],
            error.Failures);
    }

    private ValidationResult Validate(string url, params string[] own) =>
        _validator.Validate(Inputs.WithReferences(Inputs.Reference() with { Url = url }) with
        {
            OwnReferenceUrls = new HashSet<string>(own, StringComparer.Ordinal),
        });
}
