using System.Text.RegularExpressions;
using Grpc.Core;
using ImageGrid.Contracts.V1;
using ImageGrid.Server.Tests.Infrastructure;

namespace ImageGrid.Server.Tests.Integration;

[Collection(ImageGridCollection.Name)]
public sealed partial class UploadReferenceTests(ImageGridFixture fixture)
{
    private const int Limit = 10 * 1024 * 1024;
    private const string Prompt = "The same product, photographed on a marble table";

    [Theory]
    [InlineData("image/png", "reference.png")]
    [InlineData("image/jpeg", "reference.jpg")]
    [InlineData("image/webp", "reference.webp")]
    public async Task A_valid_image_is_stored_by_rivya_and_downloads_back_identical(string mimeType, string fileName)
    {
        var content = TestImages.Of(mimeType);
        var before = DateTimeOffset.UtcNow;

        var file = await fixture.Client().UploadAsync(Uploading.Metadata(fileName, mimeType, content.Length), content);

        Assert.Matches(FileIdPattern(), file.Id);
        Assert.Matches($"^http://127\\.0\\.0\\.1:[0-9]+/files/file_[0-9a-f]{{32}}/{Regex.Escape(fileName)}$", file.Url);
        Assert.Equal((fileName, mimeType, "image", (long)content.Length, ""), (file.Name, file.MimeType, file.Kind, file.Size, file.DurationToken));
        Assert.InRange(file.CreatedAt.ToDateTimeOffset(), before.AddSeconds(-1), DateTimeOffset.UtcNow.AddSeconds(1));
        Assert.Equal(content, await fixture.Simulator.DownloadAsync(file.Url));
    }

    [Fact]
    public async Task Exactly_10_MB_is_accepted()
    {
        var content = TestImages.PngOfLength(Limit);

        var file = await fixture.Client().UploadAsync(Uploading.Metadata("ten-megabytes.png", "image/png"), content);

        Assert.Equal(Limit, file.Size);
    }

    [Fact]
    public async Task One_byte_over_10_MB_is_refused_as_soon_as_it_arrives_and_never_reaches_rivya()
    {
        var content = TestImages.PngOfLength(Limit + 1);
        var before = await fixture.Simulator.GetStatsAsync();

        // The request stream is left open: the answer comes from the byte that passed the limit, not from the stream's end.
        var error = await RefusedAsync(fixture.Client().SendAsync([new() { Metadata = Uploading.Metadata("too-big.png", "image/png") }, .. Uploading.Chunks(content)], complete: false));

        Assert.Equal(["chunk"], error.Fields());
        Assert.Equal(
            $"the file is larger than 10485760 bytes (10 MB), the limit for kind image; reading stopped after {Limit - Limit % Uploading.ChunkSize} bytes",
            error.Description("chunk"));
        Assert.Equal(before.UploadRequests, (await fixture.Simulator.GetStatsAsync()).UploadRequests);
    }

    [Fact]
    public async Task A_declared_size_over_10_MB_is_refused_before_any_chunk()
    {
        var error = await RefusedAsync(fixture.Client().SendAsync([new() { Metadata = Uploading.Metadata("huge.png", "image/png", Limit + 1) }], complete: false));

        Assert.Equal(["metadata.total_size"], error.Fields());
        Assert.Equal("is 10485761 bytes; kind image takes at most 10485760 bytes (10 MB)", error.Description("metadata.total_size"));
    }

    [Fact]
    public async Task A_gif_named_png_is_refused()
    {
        var error = await RefusedAsync(fixture.Client().UploadAsync(Uploading.Metadata("animation.png", "image/png"), TestImages.Gif()));

        Assert.Equal(["chunk"], error.Fields());
        Assert.Equal(
            "the content is not one of image/jpeg, image/png, image/webp (told from its first bytes, whatever the name or declared type say)",
            error.Description("chunk"));
    }

    [Fact]
    public async Task A_png_declared_as_jpeg_is_refused()
    {
        var error = await RefusedAsync(fixture.Client().UploadAsync(Uploading.Metadata("photo.jpg", "image/jpeg"), TestImages.Png()));

        Assert.Equal(["chunk"], error.Fields());
        Assert.Equal("the content is image/png but metadata.mime_type declares image/jpeg; declare the type the bytes are", error.Description("chunk"));
    }

    public static TheoryData<string, string> Truncations => new()
    {
        // ImageSharp alone decodes all of these without complaint; the structure check refuses them.
        { "image/png", "without IEND" },
        { "image/png", "half" },
        { "image/png", "last byte" },
        { "image/jpeg", "without EOI" },
        { "image/jpeg", "half" },
        { "image/webp", "half" },
        { "image/webp", "last byte" },
    };

    [Theory]
    [MemberData(nameof(Truncations))]
    public async Task A_truncated_image_is_refused(string mimeType, string cut)
    {
        var whole = TestImages.Of(mimeType);
        var length = cut switch
        {
            "without IEND" => whole.Length - 12,
            "without EOI" => whole.Length - 2,
            "last byte" => whole.Length - 1,
            _ => whole.Length / 2,
        };

        var error = await RefusedAsync(fixture.Client().UploadAsync(Uploading.Metadata("cut", mimeType), whole[..length]));

        Assert.Equal(["chunk"], error.Fields());
        Assert.StartsWith("the file is truncated or malformed: ", error.Description("chunk"));
    }

    [Fact]
    public async Task A_png_whose_pixel_data_is_corrupt_is_refused()
    {
        var png = TestImages.Png();
        // Inside the IDAT chunk: the chunk structure stays whole, the compressed pixels do not.
        var idat = png.AsSpan().IndexOf("IDAT"u8);
        png.AsSpan(idat + 6, 8).Fill(0xAB);

        var error = await RefusedAsync(fixture.Client().UploadAsync(Uploading.Metadata("corrupt.png", "image/png"), png));

        Assert.Equal(["chunk"], error.Fields());
        Assert.StartsWith("the content is not a decodable PNG image", error.Description("chunk"));
    }

    [Fact]
    public async Task An_image_claiming_more_than_8192_by_8192_pixels_is_refused_before_decoding()
    {
        var error = await RefusedAsync(fixture.Client().UploadAsync(Uploading.Metadata("bomb.png", "image/png"), TestImages.PngClaiming(8193, 8192)));

        Assert.Equal(["chunk"], error.Fields());
        Assert.Equal(
            "the content is 8193 × 8192 pixels; ImageGrid decodes images of at most 67108864 pixels (e.g. 8192 × 8192)",
            error.Description("chunk"));
    }

    [Fact]
    public async Task An_empty_upload_is_refused()
    {
        var error = await RefusedAsync(fixture.Client().UploadAsync(Uploading.Metadata("empty.png", "image/png"), []));

        Assert.Equal(["chunk"], error.Fields());
        Assert.Equal("the upload is empty: send the file's bytes in chunk messages after the metadata", error.Description("chunk"));
    }

    [Fact]
    public async Task Chunks_before_the_metadata_are_refused()
    {
        var messages = Uploading.Chunks(TestImages.Png()).Append(new() { Metadata = Uploading.Metadata("late.png", "image/png") });

        var error = await RefusedAsync(fixture.Client().SendAsync(messages, complete: true));

        Assert.Equal(["metadata"], error.Fields());
    }

    [Fact]
    public async Task A_stream_without_any_message_is_refused()
    {
        var error = await RefusedAsync(fixture.Client().SendAsync([], complete: true));

        Assert.Equal(["metadata"], error.Fields());
    }

    [Fact]
    public async Task Metadata_sent_twice_is_refused()
    {
        var metadata = Uploading.Metadata("twice.png", "image/png");

        var error = await RefusedAsync(fixture.Client().SendAsync([new() { Metadata = metadata }, .. Uploading.Chunks(TestImages.Png()), new() { Metadata = metadata }], complete: true));

        Assert.Equal(["metadata"], error.Fields());
    }

    [Fact]
    public async Task Every_offending_metadata_field_is_listed()
    {
        var metadata = new UploadMetadata { FileName = "", MimeType = "image/gif", Kind = "image", TotalSize = -1 };

        var error = await RefusedAsync(fixture.Client().SendAsync([new() { Metadata = metadata }], complete: false));

        Assert.Equal(["metadata.file_name", "metadata.mime_type", "metadata.total_size"], error.Fields());
        Assert.Equal("must be one of image/jpeg, image/png, image/webp for kind image (got \"image/gif\")", error.Description("metadata.mime_type"));
    }

    [Fact]
    public async Task An_unknown_kind_and_model_are_refused()
    {
        var kind = await RefusedAsync(fixture.Client().SendAsync([new() { Metadata = new UploadMetadata { FileName = "a.mp4", MimeType = "video/mp4", Kind = "video" } }], complete: false));
        var model = await RefusedAsync(fixture.Client().SendAsync([new() { Metadata = new UploadMetadata { FileName = "a.png", MimeType = "image/png", Model = "gpt-image-9" } }], complete: false));

        Assert.Equal(["metadata.kind"], kind.Fields());
        Assert.Equal(["metadata.model"], model.Fields());
    }

    [Fact]
    public async Task Chunks_that_do_not_add_up_to_the_declared_size_are_refused()
    {
        var png = TestImages.Png();

        var shorter = await RefusedAsync(fixture.Client().UploadAsync(Uploading.Metadata("a.png", "image/png", png.Length + 1), png));
        var longer = await RefusedAsync(fixture.Client().UploadAsync(Uploading.Metadata("a.png", "image/png", png.Length - 1), png));

        Assert.Equal(["metadata.total_size"], shorter.Fields());
        Assert.Equal($"declares {png.Length + 1} bytes but {png.Length} arrived", shorter.Description("metadata.total_size"));
        Assert.Equal(["metadata.total_size"], longer.Fields());
    }

    [Fact]
    public async Task An_upload_without_an_api_key_is_unauthenticated()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => fixture.Client(apiKey: null).UploadAsync(Uploading.Metadata("a.png", "image/png"), TestImages.Png()));

        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
    }

    [Fact]
    public async Task A_file_rivya_rejects_is_invalid_argument()
    {
        await fixture.Simulator.AddFaultAsync(new { endpoint = "files", kind = "http_error", status = 400, count = 1 });

        var error = await RefusedAsync(fixture.Client().UploadAsync(Uploading.Metadata("a.png", "image/png"), TestImages.Png()));

        Assert.Equal(["chunk"], error.Fields());
        Assert.StartsWith("Rivya's Files API rejected the file: ", error.Description("chunk"));
    }

    [Fact]
    public async Task An_uploaded_file_id_is_sent_to_rivya_as_a_reference()
    {
        var account = await fixture.CreateAccountAsync(30);
        var file = await account.Client.UploadAsync(Uploading.Metadata("product.webp", "image/webp"), TestImages.Webp());
        var request = new CreateImageRequest { Prompt = Prompt, Params = new ImageParams { References = { new ReferenceImage { FileId = file.Id } } } };

        var task = await account.Client.CreateImageAsync(request);

        Assert.Equal(Contracts.V1.TaskStatus.Queued, task.Status);
        var reference = Assert.Single(task.Params.References);
        Assert.Equal((file.Url, "product.webp", "image/webp", "image"), (reference.Url, reference.Name, reference.MimeType, reference.Kind));
        Assert.NotNull(await fixture.Simulator.FindByClientRequestIdAsync(task.Id));
    }

    [Fact]
    public async Task Another_accounts_file_id_is_refused_exactly_like_an_unknown_one()
    {
        var alice = await fixture.CreateAccountAsync(30);
        var bob = await fixture.CreateAccountAsync(30);
        var alicesFile = await alice.Client.UploadAsync(Uploading.Metadata("alice.png", "image/png"), TestImages.Png());
        var unknownId = $"ref_{Guid.CreateVersion7():N}";
        var before = await fixture.Simulator.GetStatsAsync();

        var others = await RefusedAsync(bob.Client.CreateImageAsync(WithFileId(alicesFile.Id)).ResponseAsync);
        var unknown = await RefusedAsync(bob.Client.CreateImageAsync(WithFileId(unknownId)).ResponseAsync);

        Assert.Equal(["params.references[0].file_id"], others.Fields());
        Assert.Equal(["params.references[0].file_id"], unknown.Fields());
        Assert.Equal(unknown.Status.Detail.Replace(unknownId, "ID", StringComparison.Ordinal), others.Status.Detail.Replace(alicesFile.Id, "ID", StringComparison.Ordinal));
        Assert.DoesNotContain(alicesFile.Url, others.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(before.CreateRequests, (await fixture.Simulator.GetStatsAsync()).CreateRequests);
        Assert.Equal((30, 0), await BalanceAsync(bob));
    }

    [Fact]
    public async Task Bad_file_ids_are_listed_with_every_other_problem()
    {
        var request = WithFileId("ref_unknown", "not-a-ref-id");
        request.Prompt = "";

        var error = await RefusedAsync(fixture.Client().CreateImageAsync(request).ResponseAsync);

        Assert.Equal(["params.references[0].file_id", "params.references[1].file_id", "prompt"], error.Fields());
    }

    [Fact]
    public async Task More_file_ids_than_any_model_takes_are_refused_by_their_count_alone()
    {
        var request = WithFileId([.. Enumerable.Range(0, 17).Select(_ => $"ref_{Guid.CreateVersion7():N}")]);

        var error = await RefusedAsync(fixture.Client().CreateImageAsync(request).ResponseAsync);

        Assert.Equal(["params.references"], error.Fields());
    }

    [Fact]
    public async Task A_file_ids_mime_type_and_kind_must_be_empty_or_the_uploads_own()
    {
        var file = await fixture.Client().UploadAsync(Uploading.Metadata("a.png", "image/png"), TestImages.Png());
        var request = WithFileId(file.Id, file.Id);
        request.Params.References[0].MimeType = "IMAGE/PNG";
        request.Params.References[1].MimeType = "image/jpeg";

        var error = await RefusedAsync(fixture.Client().CreateImageAsync(request).ResponseAsync);

        Assert.Equal(["params.references[1].mime_type"], error.Fields());
    }

    [Fact]
    public async Task A_reference_with_both_file_id_and_url_is_refused()
    {
        var file = await fixture.Client().UploadAsync(Uploading.Metadata("a.png", "image/png"), TestImages.Png());
        var request = WithFileId(file.Id);
        request.Params.References[0].Url = file.Url;

        var error = await RefusedAsync(fixture.Client().CreateImageAsync(request).ResponseAsync);

        Assert.Equal(["params.references[0].file_id"], error.Fields());
        Assert.Equal("give either file_id or url, not both (the url comes from the uploaded file)", error.Description("params.references[0].file_id"));
    }

    private static CreateImageRequest WithFileId(params string[] fileIds)
    {
        var request = new CreateImageRequest { Prompt = Prompt, Params = new ImageParams() };
        request.Params.References.AddRange(fileIds.Select(id => new ReferenceImage { FileId = id }));
        return request;
    }

    private static async Task<(long Available, long Reserved)> BalanceAsync(TestAccount account)
    {
        var balance = await account.Client.GetBalanceAsync(new GetBalanceRequest());
        return (balance.Available, balance.Reserved);
    }

    private static async Task<RpcException> RefusedAsync<T>(Task<T> call)
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => call);
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        return error;
    }

    [GeneratedRegex("^ref_[0-9a-f]{32}$")]
    private static partial Regex FileIdPattern();
}
