using ImageGrid.Grains;
using ImageGrid.Rivya;

namespace ImageGrid.Grains.Tests;

public sealed class RivyaTaskMappingTests
{
    private static readonly DateTimeOffset Now = new(2026, 5, 11, 0, 0, 0, TimeSpan.Zero);

    private static RivyaTask Rivya(string status, RivyaResult? result = null, RivyaError? error = null, int final = 0) =>
        new("task_1", status, "gpt-image-2", 3, final, Now, Now, result, error);

    private static TaskProgress At(ImageTaskStatus status) => new() { Version = 4, Status = status, RivyaTaskId = "task_1", ReservedCredits = 3 };

    [Theory]
    [InlineData("queued", ImageTaskStatus.Queued)]
    [InlineData("running", ImageTaskStatus.Running)]
    [InlineData("succeeded", ImageTaskStatus.Succeeded)]
    [InlineData("failed", ImageTaskStatus.Failed)]
    public void Maps_each_rivya_status(string rivyaStatus, ImageTaskStatus expected) =>
        Assert.Equal(expected, RivyaTaskMapping.ToStatus(rivyaStatus));

    [Fact]
    public void An_unknown_status_keeps_the_task_where_it_is()
    {
        var next = RivyaTaskMapping.Apply(At(ImageTaskStatus.Running), Rivya("moderating"));

        Assert.Null(RivyaTaskMapping.ToStatus("moderating"));
        Assert.Equal(ImageTaskStatus.Running, next.Status);
        Assert.False(next.DiffersFrom(At(ImageTaskStatus.Running)));
    }

    [Fact]
    public void A_task_never_moves_backwards()
    {
        var next = RivyaTaskMapping.Apply(At(ImageTaskStatus.Running), Rivya("queued"));

        Assert.Equal(ImageTaskStatus.Running, next.Status);
    }

    [Fact]
    public void Success_carries_the_images_and_the_final_credits()
    {
        var result = new RivyaResult([new RivyaImage("http://127.0.0.1/results/task_1/0.png", 1024, 576, "image/png")]);

        var next = RivyaTaskMapping.Apply(At(ImageTaskStatus.Running), Rivya("succeeded", result, final: 3));

        Assert.Equal(ImageTaskStatus.Succeeded, next.Status);
        Assert.Equal(3, next.FinalCredits);
        var image = Assert.Single(next.Images);
        Assert.Equal((1024, 576, "image/png"), (image.Width, image.Height, image.MimeType));
        Assert.True(next.DiffersFrom(At(ImageTaskStatus.Running)));
    }

    [Fact]
    public void Failure_carries_rivyas_error()
    {
        var next = RivyaTaskMapping.Apply(At(ImageTaskStatus.Queued), Rivya("failed", error: new RivyaError("content_policy", "not allowed")));

        Assert.Equal(ImageTaskStatus.Failed, next.Status);
        Assert.Equal(new TaskFailure { Code = "content_policy", Message = "not allowed" }, next.Error);
    }

    [Fact]
    public void The_create_request_uses_the_task_id_as_rivyas_idempotency_key()
    {
        var request = new ImageRequest
        {
            Model = "gpt-image-2",
            Prompt = "p",
            Parameters = System.Collections.Immutable.ImmutableSortedDictionary.CreateRange(
                [new KeyValuePair<string, string>("aspect_ratio", "1:1"), new KeyValuePair<string, string>("resolution", "1K")]),
            References = [new ReferenceItem { Url = "http://127.0.0.1/f/a.png", Kind = "image", Name = "a.png", MimeType = "image/png" }],
            ClientRequestId = "caller-trace-id",
        };

        var create = RivyaTaskMapping.ToCreateRequest("tsk_0123", request);

        Assert.Equal("tsk_0123", create.ClientRequestId);
        Assert.Equal("1:1", create.Params["aspect_ratio"]);
        Assert.Equal("image/png", Assert.Single(create.ReferenceMediaItems).MimeType);
    }
}
