using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Diagnostics;
using ImageGrid.Rivya.Budget;
using ImageGrid.Rivya.Diagnostics;
using Microsoft.Extensions.Options;

namespace ImageGrid.Rivya;

/// <summary>
/// Typed client for Rivya Public API v1. Retries, backoff and timeouts come from the resilience pipeline that
/// <see cref="RivyaServiceCollectionExtensions.AddRivyaClient"/> puts under the <see cref="HttpClient"/>. Its awaits, and
/// the pipeline's handlers', do not go back to the caller's scheduler (a grain's): nothing here touches grain state, and
/// each return to the grain would cost a hop and, while a poll waits its turn, an object per frame.
/// </summary>
/// <param name="budget">
/// When given, a request waits here for its first permit, before the request exists and outside the HttpClient's
/// timeout: with many tasks in flight on a small budget a poll may wait its turn far longer than any request takes, and
/// what it holds meanwhile is what every waiting task costs. While <paramref name="circuit"/> holds calls back the
/// budget handler inside the pipeline takes the permit instead, after the circuit, so a call held back takes none.
/// </param>
public sealed class RivyaClient(
    HttpClient httpClient,
    IOptionsMonitor<RivyaOptions> options,
    RivyaMetrics? metrics = null,
    RivyaRequestBudget? budget = null,
    RivyaOutageCircuit? circuit = null) : IRivyaClient
{
    public Task<RivyaTask> CreateTaskAsync(RivyaCreateTaskRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        // Serialized up front so the request carries a Content-Length and every retried attempt sends the same bytes.
        var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(CreateTaskBody.From(request), RivyaJsonContext.Default.CreateTaskBody));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        return SendAsync(HttpMethod.Post, "api/v1/tasks", content, RivyaJsonContext.Default.TaskBody, cancellationToken, static body => body.ToModel(),
            RivyaRequestKind.Create);
    }

    public Task<RivyaTask> GetTaskAsync(string taskId, CancellationToken cancellationToken) =>
        GetTaskAsync(taskId, DateTimeOffset.MaxValue, cancellationToken);

    public Task<RivyaTask> GetTaskAsync(string taskId, DateTimeOffset expectedBy, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(taskId);
        return SendAsync(HttpMethod.Get, $"api/v1/tasks/{Uri.EscapeDataString(taskId)}", null, RivyaJsonContext.Default.TaskBody, cancellationToken, static body => body.ToModel(),
            RivyaRequestKind.Poll, expectedBy);
    }

    public async Task<RivyaFile> UploadFileAsync(Stream content, string fileName, string mimeType, string kind, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentException.ThrowIfNullOrWhiteSpace(fileName);
        ArgumentException.ThrowIfNullOrWhiteSpace(mimeType);
        ArgumentException.ThrowIfNullOrWhiteSpace(kind);

        // Buffered so that a retried attempt can send the same bytes again, whatever stream the caller gave.
        using var buffer = new MemoryStream();
        await content.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        var file = new ByteArrayContent(buffer.ToArray());
        file.Headers.ContentType = MediaTypeHeaderValue.Parse(mimeType);
        var form = new MultipartFormDataContent
        {
            { file, "file", fileName },
            { new StringContent(kind), "kind" },
        };

        return await SendAsync(HttpMethod.Post, "api/v1/files", form, RivyaJsonContext.Default.FileBody, cancellationToken, static body => body.ToModel(),
            RivyaRequestKind.Upload).ConfigureAwait(false);
    }

    private async Task<TModel> SendAsync<TBody, TModel>(
        HttpMethod method,
        string path,
        HttpContent? content,
        JsonTypeInfo<TBody> bodyType,
        CancellationToken cancellationToken,
        Func<TBody, TModel> toModel,
        RivyaRequestKind kind,
        DateTimeOffset? expectedBy = null)
    {
        // From the caller's view: waiting for the budget and the retries included.
        var started = Stopwatch.GetTimestamp();
        string? errorCode = RivyaMetrics.OtherOutcome;
        try
        {
            // The first permit is taken here unless the outage circuit holds calls back (see the class's remarks).
            var permitHeld = false;
            if (budget is not null && circuit?.HoldsCallsBack != true)
            {
                await budget.AcquireAsync(kind, expectedBy ?? DateTimeOffset.MaxValue, cancellationToken).ConfigureAwait(false);
                permitHeld = true;
            }

            var apiKey = options.CurrentValue.ApiKey;
            using var request = new HttpRequestMessage(method, path) { Content = content };
            if (expectedBy is { } by)
            {
                request.Options.Set(RivyaBudgetHandler.ExpectedBy, by);
            }

            if (permitHeld)
            {
                request.Options.Set(RivyaBudgetHandler.PermitHeld, true);
            }

            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
            var model = await SendAsync(request, apiKey, bodyType, cancellationToken, toModel).ConfigureAwait(false);
            errorCode = null;
            return model;
        }
        catch (RivyaApiException e)
        {
            errorCode = e.Code;
            throw;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            errorCode = RivyaMetrics.CancelledOutcome;
            throw;
        }
        finally
        {
            metrics?.Completed(kind, errorCode, Stopwatch.GetElapsedTime(started));
        }
    }

    private async Task<TModel> SendAsync<TBody, TModel>(
        HttpRequestMessage request, string apiKey, JsonTypeInfo<TBody> bodyType, CancellationToken cancellationToken, Func<TBody, TModel> toModel)
    {
        HttpResponseMessage response;
        try
        {
            response = await httpClient.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (RivyaErrorMapper.IsTransportFailure(exception, cancellationToken))
        {
            throw RivyaErrorMapper.FromTransportFailure(exception, apiKey);
        }

        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                throw await RivyaErrorMapper.FromResponseAsync(response, apiKey, cancellationToken).ConfigureAwait(false);
            }

            TBody? body;
            try
            {
                body = await response.Content.ReadFromJsonAsync(bodyType, cancellationToken).ConfigureAwait(false);
            }
            catch (JsonException exception)
            {
                throw RivyaErrorMapper.InvalidResponse(response, exception, apiKey);
            }

            return body is null ? throw RivyaErrorMapper.InvalidResponse(response, null, apiKey) : toModel(body);
        }
    }
}
