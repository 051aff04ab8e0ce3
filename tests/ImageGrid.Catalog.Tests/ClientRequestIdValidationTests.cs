namespace ImageGrid.Catalog.Tests;

public sealed class ClientRequestIdValidationTests
{
    private readonly ImageRequestValidator _validator = new(new ModelCatalog(), ReferenceHosts.CdnExample);

    [Fact]
    public void Client_request_id_of_128_characters_is_accepted()
    {
        var result = _validator.Validate(Inputs.Minimal() with { ClientRequestId = new string('c', 128) });

        Assert.True(result.IsValid);
    }

    [Fact]
    public void Client_request_id_of_129_characters_is_rejected()
    {
        var result = _validator.Validate(Inputs.Minimal() with { ClientRequestId = new string('c', 129) });

        Assert.False(result.IsValid);
        Assert.Equal(
            [new FieldViolation("client_request_id", "must be at most 128 characters (Unicode scalar values); got 129")],
            result.Violations);
    }

    [Theory]
    [InlineData("order\n42", "000A")]
    [InlineData("order\t42", "0009")]
    [InlineData("order\u000042", "0000")]
    [InlineData("order\u007f42", "007F")]
    [InlineData("order\u008542", "0085")]
    public void Client_request_id_with_a_control_character_is_rejected(string clientRequestId, string codePoint)
    {
        var result = _validator.Validate(Inputs.Minimal() with { ClientRequestId = clientRequestId });

        Assert.False(result.IsValid);
        Assert.Equal(
            [new FieldViolation("client_request_id", $"must not contain control characters (found U+{codePoint})")],
            result.Violations);
    }

    [Theory]
    [InlineData("")]
    [InlineData("order-42")]
    [InlineData("заказ 42 · 👍")]
    public void Client_request_id_without_control_characters_is_accepted(string clientRequestId)
    {
        var result = _validator.Validate(Inputs.Minimal() with { ClientRequestId = clientRequestId });

        Assert.True(result.IsValid);
    }
}
