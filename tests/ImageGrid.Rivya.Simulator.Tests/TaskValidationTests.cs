using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using ImageGrid.Rivya.Simulator.Tests.Infrastructure;

namespace ImageGrid.Rivya.Simulator.Tests;

public sealed class TaskValidationTests(SimulatorFixture simulator) : IClassFixture<SimulatorFixture>
{
    private const string Key = SimulatorFixture.KeyA;
    private const string Bengali = "ছবি";
    private const string Emoji = "🎨";
    private readonly SimulatorClient client = simulator.Client;

    [Fact]
    public async Task Wrong_model_is_rejected()
    {
        var body = TaskRequests.Minimal();
        body["model"] = "gpt-image-1";

        Assert.Equal(["model"], await RejectedFieldsAsync(body));
    }

    [Fact]
    public async Task Missing_model_is_rejected()
    {
        var body = TaskRequests.Minimal();
        body.Remove("model");

        Assert.Equal(["model"], await RejectedFieldsAsync(body));
    }

    [Fact]
    public async Task Empty_prompt_is_rejected() => Assert.Equal(["prompt"], await RejectedFieldsAsync(TaskRequests.Minimal(prompt: "")));

    [Fact]
    public async Task Missing_prompt_is_rejected()
    {
        var body = TaskRequests.Minimal();
        body.Remove("prompt");

        Assert.Equal(["prompt"], await RejectedFieldsAsync(body));
    }

    [Theory]
    [InlineData("a")]
    [InlineData(Emoji)]
    [InlineData(Bengali)]
    public async Task Prompt_of_20000_characters_is_accepted_counting_unicode_scalars(string unit)
    {
        var prompt = PromptOfRunes(unit, 20_000);

        var task = await client.CreateTaskAsync(Key, TaskRequests.Minimal(prompt));

        Assert.Equal("queued", task.GetProperty("status").GetString());
    }

    [Theory]
    [InlineData("a")]
    [InlineData(Emoji)]
    [InlineData(Bengali)]
    public async Task Prompt_of_20001_characters_is_rejected(string unit) =>
        Assert.Equal(["prompt"], await RejectedFieldsAsync(TaskRequests.Minimal(PromptOfRunes(unit, 20_001))));

    [Fact]
    public async Task Unknown_aspect_ratio_is_rejected() =>
        Assert.Equal(["params.aspect_ratio"], await RejectedFieldsAsync(TaskRequests.Minimal(aspectRatio: "21:9")));

    [Fact]
    public async Task Unknown_resolution_is_rejected() =>
        Assert.Equal(["params.resolution"], await RejectedFieldsAsync(TaskRequests.Minimal(resolution: "8K")));

    [Fact]
    public async Task Unknown_param_key_is_rejected()
    {
        var body = TaskRequests.Minimal();
        body["params"]!["seed"] = 42;

        Assert.Equal(["params.seed"], await RejectedFieldsAsync(body));
    }

    [Fact]
    public async Task Params_are_optional_and_default_to_a_square_1K_image()
    {
        var body = TaskRequests.Minimal();
        body.Remove("params");
        var prompt = body["prompt"]!.GetValue<string>();
        await client.AddScriptAsync(new { promptContains = prompt, queuedMs = 0, skipRunning = true });

        var task = await client.CreateTaskAsync(Key, body);

        var image = task.GetProperty("result").GetProperty("images")[0];
        Assert.Equal((1024, 1024), (image.GetProperty("width").GetInt32(), image.GetProperty("height").GetInt32()));
    }

    [Fact]
    public async Task Seed_reference_request_with_sixteen_references_is_accepted()
    {
        var task = await client.CreateTaskAsync(Key, TaskRequests.WithReferences(16));

        Assert.Equal("queued", task.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Seventeen_references_are_rejected() =>
        Assert.Equal(["params.referenceMediaItems"], await RejectedFieldsAsync(TaskRequests.WithReferences(17)));

    [Theory]
    [InlineData("video", "image/png", "https://cdn.example.com/a.png", "params.referenceMediaItems[0].kind")]
    [InlineData("image", "image/gif", "https://cdn.example.com/a.gif", "params.referenceMediaItems[0].mimeType")]
    [InlineData("image", "image/png", "/relative/a.png", "params.referenceMediaItems[0].url")]
    [InlineData("image", "image/png", "ftp://cdn.example.com/a.png", "params.referenceMediaItems[0].url")]
    public async Task BadReferenceIsRejectedNamingTheField(string kind, string mimeType, string url, string field)
    {
        var body = TaskRequests.Minimal();
        body["params"]!["referenceMediaItems"] = new JsonArray(TaskRequests.Reference(kind, mimeType, url));

        Assert.Equal([field], await RejectedFieldsAsync(body));
    }

    [Fact]
    public async Task Every_offending_field_is_reported()
    {
        var body = new JsonObject
        {
            ["model"] = "dall-e",
            ["prompt"] = "",
            ["params"] = new JsonObject
            {
                ["aspect_ratio"] = "2:1",
                ["resolution"] = "1k",
                ["style"] = "vivid",
                ["referenceMediaItems"] = new JsonArray(
                    TaskRequests.Reference(),
                    TaskRequests.Reference(kind: "audio", mimeType: "audio/mpeg")),
            },
        };

        var fields = await RejectedFieldsAsync(body);

        Assert.Equal(
            [
                "model",
                "prompt",
                "params.aspect_ratio",
                "params.resolution",
                "params.style",
                "params.referenceMediaItems[1].kind",
                "params.referenceMediaItems[1].mimeType",
            ],
            fields);
    }

    [Fact]
    public async Task Malformed_json_is_rejected()
    {
        using var response = await client.PostTaskAsync(Key, "{\"model\": \"gpt-image-2\",");

        Assert.Equal(["body"], await SimulatorCalls.ReadErrorAsync(response, HttpStatusCode.BadRequest, "validation_failed"));
    }

    [Fact]
    public async Task Rejected_requests_create_nothing_and_charge_nothing()
    {
        var key = SimulatorFixture.SpareKeys[0];
        var creditsBefore = await client.CreditsAsync(key);
        var statsBefore = await client.StatsAsync();

        await RejectedFieldsAsync(TaskRequests.Minimal(resolution: "16K"), key);

        var statsAfter = await client.StatsAsync();
        Assert.Equal(statsBefore.GetProperty("tasksCreated").GetInt64(), statsAfter.GetProperty("tasksCreated").GetInt64());
        Assert.Equal(creditsBefore.ToString(), (await client.CreditsAsync(key)).ToString());
    }

    private async Task<IReadOnlyList<string>> RejectedFieldsAsync(JsonNode body, string key = Key)
    {
        using var response = await client.PostTaskAsync(key, body);
        return await SimulatorCalls.ReadErrorAsync(response, HttpStatusCode.BadRequest, "validation_failed");
    }

    private static string PromptOfRunes(string unit, int runes)
    {
        var perUnit = unit.EnumerateRunes().Count();
        var builder = new StringBuilder();
        var count = 0;
        while (count + perUnit <= runes)
        {
            builder.Append(unit);
            count += perUnit;
        }

        builder.Append('x', runes - count);
        return builder.ToString();
    }
}
