namespace ImageGrid.Rivya.Tests.Infrastructure;

internal static class Secret
{
    /// <summary>The API key appears nowhere in the exception, its inner exceptions or its stack trace.</summary>
    public static void AssertAbsentFrom(Exception exception) =>
        Assert.DoesNotContain(TestClient.ApiKey, exception.ToString(), StringComparison.Ordinal);
}
