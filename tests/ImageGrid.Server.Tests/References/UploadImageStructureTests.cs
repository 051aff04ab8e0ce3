using ImageGrid.Server.References;
using ImageGrid.Server.Tests.Infrastructure;

namespace ImageGrid.Server.Tests.References;

public sealed class UploadImageStructureTests
{
    public static TheoryData<string> MimeTypes => new() { "image/png", "image/jpeg", "image/webp" };

    [Theory]
    [MemberData(nameof(MimeTypes))]
    public void A_whole_image_is_sniffed_as_its_type_and_is_complete(string mimeType)
    {
        var image = TestImages.Of(mimeType);

        Assert.Equal(mimeType, ImageSniffer.Detect(image));
        Assert.True(ImageStructure.IsComplete(image, mimeType));
    }

    [Theory]
    [MemberData(nameof(MimeTypes))]
    public void Every_cut_before_the_end_is_incomplete(string mimeType)
    {
        var image = TestImages.Of(mimeType);
        // From 12 bytes on, the signature still sniffs as the type; every shorter prefix is incomplete wherever it ends.
        var complete = Enumerable.Range(12, image.Length - 12).Where(length => ImageStructure.IsComplete(image.AsSpan(0, length), mimeType));

        Assert.Empty(complete);
    }

    [Fact]
    public void Bytes_after_a_png_iend_are_tolerated()
    {
        byte[] png = [.. TestImages.Png(), 0, 0, 0];

        Assert.True(ImageStructure.IsComplete(png, "image/png"));
    }

    [Fact]
    public void A_padded_png_is_complete_at_its_exact_length()
    {
        var png = TestImages.PngOfLength(100_000);

        Assert.Equal(100_000, png.Length);
        Assert.True(ImageStructure.IsComplete(png, "image/png"));
    }

    [Fact]
    public void A_gif_is_not_sniffed_as_any_accepted_type()
    {
        Assert.Null(ImageSniffer.Detect(TestImages.Gif()));
    }
}
