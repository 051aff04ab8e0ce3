namespace ImageGrid.Catalog.Tests;

public sealed class ReferenceValidationTests
{
    private readonly ImageRequestValidator _validator = new(new ModelCatalog(), ReferenceHosts.CdnExample);

    [Fact]
    public void Sixteen_references_are_accepted()
    {
        var result = _validator.Validate(Inputs.WithReferences(Inputs.References(16)));

        Assert.True(result.IsValid);
        Assert.Equal(16, result.Request.References.Length);
    }

    [Fact]
    public void Seventeen_references_are_rejected()
    {
        var result = _validator.Validate(Inputs.WithReferences(Inputs.References(17)));

        Assert.False(result.IsValid);
        Assert.Equal([new FieldViolation("params.references", "at most 16 references; got 17")], result.Violations);
    }

    [Theory]
    [InlineData("video")]
    [InlineData("audio")]
    [InlineData("Image")]
    public void Kind_the_model_does_not_take_is_rejected(string kind)
    {
        var result = _validator.Validate(Inputs.WithReferences(Inputs.Reference() with { Kind = kind }));

        Assert.False(result.IsValid);
        Assert.Equal(
            [new FieldViolation("params.references[0].kind", $"must be one of image (got \"{kind}\")")],
            result.Violations);
    }

    [Theory]
    [InlineData("image/jpeg")]
    [InlineData("image/png")]
    [InlineData("image/webp")]
    public void Every_allowed_mime_type_is_accepted(string mimeType)
    {
        var result = _validator.Validate(Inputs.WithReferences(Inputs.Reference() with { MimeType = mimeType }));

        Assert.True(result.IsValid);
        Assert.Equal(mimeType, Assert.Single(result.Request.References).MimeType);
    }

    [Theory]
    [InlineData("image/gif")]
    [InlineData("image/svg+xml")]
    [InlineData("image/jpg")]
    [InlineData("application/pdf")]
    [InlineData("png")]
    public void Mime_type_not_allowed_for_the_kind_is_rejected(string mimeType)
    {
        var result = _validator.Validate(Inputs.WithReferences(Inputs.Reference() with { MimeType = mimeType }));

        Assert.False(result.IsValid);
        Assert.Equal(
            [new FieldViolation("params.references[0].mime_type", $"must be one of image/jpeg, image/png, image/webp for kind image (got \"{mimeType}\")")],
            result.Violations);
    }

    [Fact]
    public void Empty_mime_type_is_rejected()
    {
        var result = _validator.Validate(Inputs.WithReferences(Inputs.Reference() with { MimeType = "" }));

        Assert.False(result.IsValid);
        Assert.Equal(
            [new FieldViolation("params.references[0].mime_type", "is required; one of image/jpeg, image/png, image/webp for kind image")],
            result.Violations);
    }

    [Theory]
    [InlineData("https://cdn.example.com/reference-image.png")]
    [InlineData("http://cdn.example.com/reference-image.png")]
    [InlineData("https://cdn.example.com:8443/files/a.png?sig=abc")]
    public void Absolute_http_and_https_urls_are_accepted(string url)
    {
        var result = _validator.Validate(Inputs.WithReferences(Inputs.Reference() with { Url = url }));

        Assert.True(result.IsValid);
        Assert.Equal(url, Assert.Single(result.Request.References).Url);
    }

    [Theory]
    [InlineData("cdn.example.com/reference-image.png")]
    [InlineData("/files/reference-image.png")]
    [InlineData("reference-image.png")]
    [InlineData("ftp://cdn.example.com/reference-image.png")]
    [InlineData("file:///tmp/reference-image.png")]
    [InlineData("data:image/png;base64,iVBORw0KGgo=")]
    [InlineData("https://")]
    [InlineData("not a url")]
    public void Url_that_is_not_absolute_http_or_https_is_rejected(string url)
    {
        var result = _validator.Validate(Inputs.WithReferences(Inputs.Reference() with { Url = url }));

        Assert.False(result.IsValid);
        Assert.Equal(
            [new FieldViolation("params.references[0].url", $"must be an absolute http or https URL (got \"{url}\")")],
            result.Violations);
    }

    [Fact]
    public void Empty_url_is_rejected()
    {
        var result = _validator.Validate(Inputs.WithReferences(Inputs.Reference() with { Url = "" }));

        Assert.False(result.IsValid);
        Assert.Equal([new FieldViolation("params.references[0].url", "is required")], result.Violations);
    }

    [Fact]
    public void Violation_names_the_index_of_the_offending_reference()
    {
        var references = Inputs.References(5);
        references[3] = references[3] with { Url = "reference-3.png" };

        var result = _validator.Validate(Inputs.WithReferences(references));

        Assert.False(result.IsValid);
        Assert.Equal("params.references[3].url", Assert.Single(result.Violations).Field);
    }

    [Fact]
    public void Name_of_255_characters_is_accepted()
    {
        var name = new string('n', 251) + ".png";

        var result = _validator.Validate(Inputs.WithReferences(Inputs.Reference() with { Name = name }));

        Assert.True(result.IsValid);
    }

    [Fact]
    public void Name_of_256_characters_is_rejected()
    {
        var name = new string('n', 252) + ".png";

        var result = _validator.Validate(Inputs.WithReferences(Inputs.Reference() with { Name = name }));

        Assert.False(result.IsValid);
        Assert.Equal(
            [new FieldViolation("params.references[0].name", "must be at most 255 characters (Unicode scalar values); got 256")],
            result.Violations);
    }

    [Fact]
    public void Empty_name_is_accepted()
    {
        var result = _validator.Validate(Inputs.WithReferences(Inputs.Reference() with { Name = "" }));

        Assert.True(result.IsValid);
    }
}
