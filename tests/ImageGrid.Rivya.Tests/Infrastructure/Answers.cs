using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace ImageGrid.Rivya.Tests.Infrastructure;

/// <summary>Scripted answers in Rivya's wire format.</summary>
internal static class Answers
{
    public static Task Json(HttpContext context, int status, string json, string? retryAfter = null)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        if (retryAfter is not null)
        {
            context.Response.Headers.RetryAfter = retryAfter;
        }

        return context.Response.WriteAsync(json);
    }

    public static Task Ok(HttpContext context, string status = "queued", int httpStatus = 200) =>
        Json(context, httpStatus, TaskJson("task_1", status));

    public static Task Error(HttpContext context, int status, string code, string message, string? retryAfter = null) =>
        Json(context, status, new JsonObject { ["error"] = new JsonObject { ["code"] = code, ["message"] = message } }.ToJsonString(), retryAfter);

    /// <summary>Closes the connection without an answer.</summary>
    public static Task Drop(HttpContext context)
    {
        context.Abort();
        return Task.CompletedTask;
    }

    /// <summary>Never answers; returns when the client gives up on the request.</summary>
    public static async Task Hang(HttpContext context)
    {
        try
        {
            await Task.Delay(Timeout.Infinite, context.RequestAborted);
        }
        catch (OperationCanceledException)
        {
            // The client abandoned the attempt, which is what the test waits for.
        }
    }

    public static string TaskJson(string id, string status, JsonNode? result = null, JsonNode? error = null) => new JsonObject
    {
        ["id"] = id,
        ["status"] = status,
        ["model"] = "gpt-image-2",
        ["reserved_credits"] = 3,
        ["final_credits"] = status == "succeeded" ? 3 : 0,
        ["created_at"] = "2026-05-11T00:00:00.000Z",
        ["updated_at"] = "2026-05-11T00:00:01.500Z",
        ["result"] = result,
        ["error"] = error,
    }.ToJsonString(new JsonSerializerOptions { WriteIndented = false });
}
