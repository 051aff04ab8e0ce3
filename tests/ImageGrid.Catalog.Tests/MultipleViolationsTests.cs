namespace ImageGrid.Catalog.Tests;

public sealed class MultipleViolationsTests
{
    private readonly ImageRequestValidator _validator = new(new ModelCatalog(), ReferenceHosts.CdnExample);

    [Fact]
    public void Every_offending_field_is_reported_in_field_order()
    {
        var references = Inputs.References(17);
        references[1] = references[1] with { Url = "not a url" };
        references[3] = references[3] with { Kind = "video" };
        references[4] = references[4] with { MimeType = "image/gif", Name = new string('n', 256) };
        var input = new ImageRequestInput(
            Model: "",
            Prompt: " ",
            Parameters: new Dictionary<string, string>
            {
                ["resolution"] = "8K",
                ["style"] = "vivid",
                ["aspect_ratio"] = "2:1",
                ["quality"] = "hd",
            },
            References: references,
            ClientRequestId: "id\n");

        var result = _validator.Validate(input);

        Assert.False(result.IsValid);
        Assert.Null(result.Request);
        Assert.Equal(
            [
                new FieldViolation("prompt", "must not be only whitespace"),
                new FieldViolation("params.aspect_ratio", "must be one of auto, 1:1, 9:16, 16:9, 4:3, 3:4 (got \"2:1\")"),
                new FieldViolation("params.resolution", "must be one of 1K, 2K, 4K (got \"8K\")"),
                new FieldViolation("params.quality", "unknown parameter \"quality\" for model gpt-image-2; known parameters: aspect_ratio, resolution"),
                new FieldViolation("params.style", "unknown parameter \"style\" for model gpt-image-2; known parameters: aspect_ratio, resolution"),
                new FieldViolation("params.references", "at most 16 references; got 17"),
                new FieldViolation("params.references[1].url", "must be an absolute http or https URL (got \"not a url\")"),
                new FieldViolation("params.references[3].kind", "must be one of image (got \"video\")"),
                new FieldViolation("params.references[4].name", "must be at most 255 characters (Unicode scalar values); got 256"),
                new FieldViolation("params.references[4].mime_type", "must be one of image/jpeg, image/png, image/webp for kind image (got \"image/gif\")"),
                new FieldViolation("client_request_id", "must not contain control characters (found U+000A)"),
            ],
            result.Violations);
    }

    [Fact]
    public void Unknown_model_still_reports_the_problems_that_do_not_depend_on_the_model()
    {
        var input = new ImageRequestInput(
            Model: "dall-e-9",
            Prompt: "",
            Parameters: new Dictionary<string, string> { ["aspect_ratio"] = "2:1" },
            References: [Inputs.Reference() with { Url = "" }],
            ClientRequestId: new string('c', 129));

        var result = _validator.Validate(input);

        Assert.False(result.IsValid);
        Assert.Equal(
            [
                new FieldViolation("model", "unknown model \"dall-e-9\"; known models: gpt-image-2"),
                new FieldViolation("prompt", "is required"),
                new FieldViolation("params.references[0].url", "is required"),
                new FieldViolation("client_request_id", "must be at most 128 characters (Unicode scalar values); got 129"),
            ],
            result.Violations);
    }
}
