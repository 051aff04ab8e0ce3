using System.Net;
using System.Net.Http.Headers;
using System.Text;
using ImageGrid.Rivya.Simulator.Tests.Infrastructure;

namespace ImageGrid.Rivya.Simulator.Tests;

public sealed class FileUploadTests(SimulatorFixture simulator) : IClassFixture<SimulatorFixture>
{
    private const string Key = SimulatorFixture.KeyA;
    private const int TenMegabytes = 10 * 1024 * 1024;
    private readonly SimulatorClient client = simulator.Client;

    public static byte[] PngBytes(int length = 64) => WithPrefix([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], length);

    public static byte[] JpegBytes(int length = 64) => WithPrefix([0xFF, 0xD8, 0xFF, 0xE0], length);

    public static byte[] WebpBytes(int length = 64) => WithPrefix([.. "RIFF"u8, 0x24, 0x00, 0x00, 0x00, .. "WEBPVP8 "u8], length);

    public static byte[] GifBytes(int length = 64) => WithPrefix([.. "GIF89a"u8], length);

    public static MultipartFormDataContent Form(byte[] content, string contentType, string kind = "image", string fileName = "reference.png")
    {
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        return new MultipartFormDataContent { { new StringContent(kind), "kind" }, { file, "file", fileName } };
    }

    public static TheoryData<string, string> AcceptedImages => new()
    {
        { "image/png", "reference.png" },
        { "image/jpeg", "photo.jpg" },
        { "image/webp", "still.webp" },
    };

    [Theory]
    [MemberData(nameof(AcceptedImages))]
    public async Task Image_is_stored_and_downloads_byte_identical(string mimeType, string fileName)
    {
        var content = mimeType switch
        {
            "image/png" => PngBytes(5000),
            "image/jpeg" => JpegBytes(5000),
            _ => WebpBytes(5000),
        };
        using var form = Form(content, mimeType, fileName: fileName);

        using var response = await client.UploadAsync(Key, form);

        var file = await SimulatorCalls.ReadJsonAsync(response, HttpStatusCode.OK);
        Assert.Equal("image", file.GetProperty("kind").GetString());
        Assert.Equal(fileName, file.GetProperty("name").GetString());
        Assert.Equal(mimeType, file.GetProperty("mimeType").GetString());
        Assert.Equal(content.Length, file.GetProperty("size").GetInt64());
        var url = new Uri(file.GetProperty("url").GetString()!);
        Assert.Equal(simulator.BaseAddress.Authority, url.Authority);
        Assert.EndsWith($"/{fileName}", url.AbsolutePath, StringComparison.Ordinal);
        using var download = await client.Http.GetAsync(url);
        Assert.Equal(mimeType, download.Content.Headers.ContentType?.MediaType);
        Assert.Equal(content, await download.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Exactly_ten_megabytes_is_accepted()
    {
        using var form = Form(PngBytes(TenMegabytes), "image/png");

        using var response = await client.UploadAsync(Key, form);

        var file = await SimulatorCalls.ReadJsonAsync(response, HttpStatusCode.OK);
        Assert.Equal(TenMegabytes, file.GetProperty("size").GetInt64());
    }

    [Fact]
    public async Task More_than_ten_megabytes_is_rejected()
    {
        using var form = Form(PngBytes(TenMegabytes + 1), "image/png");

        using var response = await client.UploadAsync(Key, form);

        Assert.Equal(["file"], await SimulatorCalls.ReadErrorAsync(response, HttpStatusCode.BadRequest, "validation_failed"));
    }

    [Theory]
    [InlineData("gif declared png", "image/png")]
    [InlineData("png declared jpeg", "image/jpeg")]
    [InlineData("gif declared gif", "image/gif")]
    [InlineData("empty", "image/png")]
    public async Task Content_that_is_not_what_it_claims_is_rejected(string content, string declaredType)
    {
        var bytes = content switch
        {
            "png declared jpeg" => PngBytes(),
            "empty" => [],
            _ => GifBytes(),
        };
        using var form = Form(bytes, declaredType);

        using var response = await client.UploadAsync(Key, form);

        Assert.Equal(["file"], await SimulatorCalls.ReadErrorAsync(response, HttpStatusCode.BadRequest, "validation_failed"));
    }

    [Fact]
    public async Task Kind_other_than_image_is_rejected()
    {
        using var form = Form(PngBytes(), "image/png", kind: "video");

        using var response = await client.UploadAsync(Key, form);

        Assert.Equal(["kind"], await SimulatorCalls.ReadErrorAsync(response, HttpStatusCode.BadRequest, "validation_failed"));
    }

    [Fact]
    public async Task Missing_file_and_kind_are_both_reported()
    {
        using var form = new MultipartFormDataContent { { new StringContent("hello"), "note" } };

        using var response = await client.UploadAsync(Key, form);

        Assert.Equal(["kind", "file"], await SimulatorCalls.ReadErrorAsync(response, HttpStatusCode.BadRequest, "validation_failed"));
    }

    [Fact]
    public async Task Non_multipart_body_is_rejected()
    {
        using var body = new StringContent("{}", Encoding.UTF8, "application/json");

        using var response = await client.SendAsync(HttpMethod.Post, "/api/v1/files", Key, body);

        Assert.Equal(["body"], await SimulatorCalls.ReadErrorAsync(response, HttpStatusCode.BadRequest, "validation_failed"));
    }

    [Fact]
    public async Task Unsafe_file_names_are_made_safe_for_the_url()
    {
        using var form = Form(PngBytes(), "image/png", fileName: "my picture?.png");

        using var response = await client.UploadAsync(Key, form);

        var file = await SimulatorCalls.ReadJsonAsync(response, HttpStatusCode.OK);
        Assert.Equal("my_picture_.png", file.GetProperty("name").GetString());
    }

    [Fact]
    public async Task Unknown_file_is_not_found()
    {
        using var response = await client.Http.GetAsync(new Uri("/files/file_missing/a.png", UriKind.Relative));

        await SimulatorCalls.ReadErrorAsync(response, HttpStatusCode.NotFound, "not_found");
    }

    private static byte[] WithPrefix(byte[] prefix, int length)
    {
        var bytes = new byte[Math.Max(length, prefix.Length)];
        prefix.CopyTo(bytes, 0);
        for (var index = prefix.Length; index < bytes.Length; index++)
        {
            bytes[index] = (byte)(index * 31);
        }

        return bytes;
    }
}
