namespace ImageGrid.Catalog.Tests;

public sealed class OutputSizeTests
{
    [Theory]
    [InlineData("auto", "1K", 1024, 1024)]
    [InlineData("1:1", "1K", 1024, 1024)]
    [InlineData("9:16", "1K", 576, 1024)]
    [InlineData("16:9", "1K", 1024, 576)]
    [InlineData("4:3", "1K", 1024, 768)]
    [InlineData("3:4", "1K", 768, 1024)]
    [InlineData("auto", "2K", 2048, 2048)]
    [InlineData("1:1", "2K", 2048, 2048)]
    [InlineData("9:16", "2K", 1152, 2048)]
    [InlineData("16:9", "2K", 2048, 1152)]
    [InlineData("4:3", "2K", 2048, 1536)]
    [InlineData("3:4", "2K", 1536, 2048)]
    [InlineData("auto", "4K", 4096, 4096)]
    [InlineData("1:1", "4K", 4096, 4096)]
    [InlineData("9:16", "4K", 2304, 4096)]
    [InlineData("16:9", "4K", 4096, 2304)]
    [InlineData("4:3", "4K", 4096, 3072)]
    [InlineData("3:4", "4K", 3072, 4096)]
    public void Resolution_names_the_long_side_and_the_ratio_gives_the_short_side(string aspectRatio, string resolution, int width, int height)
    {
        Assert.Equal((width, height), OutputSize.For(aspectRatio, resolution));
    }

    [Theory]
    [InlineData("21:9", "1K", 1024, 439)]
    [InlineData("9:21", "1K", 439, 1024)]
    [InlineData("3:2", "1K", 1024, 683)]
    public void Short_side_is_rounded_to_the_nearest_pixel(string aspectRatio, string resolution, int width, int height)
    {
        Assert.Equal((width, height), OutputSize.For(aspectRatio, resolution));
    }

    [Theory]
    [InlineData("8K")]
    [InlineData("1k")]
    [InlineData("")]
    public void Unknown_resolution_throws(string resolution)
    {
        var exception = Assert.Throws<ArgumentException>(() => OutputSize.For("1:1", resolution));

        Assert.Equal("resolution", exception.ParamName);
    }

    [Theory]
    [InlineData("square")]
    [InlineData("0:1")]
    [InlineData("1:")]
    [InlineData("-1:1")]
    [InlineData("")]
    public void Malformed_aspect_ratio_throws(string aspectRatio)
    {
        var exception = Assert.Throws<ArgumentException>(() => OutputSize.For(aspectRatio, "1K"));

        Assert.Equal("aspectRatio", exception.ParamName);
    }
}
