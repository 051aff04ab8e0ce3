using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;

namespace ImageGrid.Rivya.Tests.Infrastructure;

/// <summary>A real Kestrel server on 127.0.0.1 that answers with a script (given the 1-based request number) and records every request.</summary>
internal sealed class ScriptedRivya : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ConcurrentQueue<RecordedRequest> requests = new();
    private int count;

    private ScriptedRivya(WebApplication app) => this.app = app;

    public string Url => app.Urls.Single();

    public IReadOnlyList<RecordedRequest> Requests => [.. requests];

    public static async Task<ScriptedRivya> StartAsync(Func<HttpContext, int, Task> respond)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new ScriptedRivya(app);
        app.Run(async context =>
        {
            var number = Interlocked.Increment(ref server.count);
            server.requests.Enqueue(await RecordAsync(context));
            await respond(context, number);
        });
        await app.StartAsync();
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }

    private static async Task<RecordedRequest> RecordAsync(HttpContext context)
    {
        // Buffered so that a script can still read the body (e.g. as a form) after it is recorded.
        context.Request.EnableBuffering();
        using var reader = new StreamReader(context.Request.Body, leaveOpen: true);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        context.Request.Body.Position = 0;
        return new RecordedRequest(
            context.Request.Method,
            context.Features.GetRequiredFeature<IHttpRequestFeature>().RawTarget,
            context.Request.Headers.Authorization.ToString(),
            context.Request.ContentType,
            context.Request.ContentLength,
            body);
    }
}

internal sealed record RecordedRequest(string Method, string RawTarget, string Authorization, string? ContentType, long? ContentLength, string Body);
