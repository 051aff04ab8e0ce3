using System.Net;
using ImageGrid.Cli.References;
using ImageGrid.Contracts.V1;

namespace ImageGrid.Cli.Images;

/// <summary>Downloads a finished task's images over HTTP into a folder, as &lt;task id&gt;-&lt;n&gt;.&lt;ext&gt;.</summary>
public sealed class ImageSaver(HttpClient http)
{
    public async Task<IReadOnlyList<string>> SaveAsync(ImageTask task, DirectoryInfo folder, CancellationToken cancellationToken)
    {
        try
        {
            folder.Create();
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw CliException.BadInput($"--out {folder.FullName}: cannot create the folder ({exception.Message})");
        }

        var saved = new List<string>();
        for (var index = 0; index < task.Images.Count; index++)
        {
            var image = task.Images[index];
            if (!Uri.TryCreate(image.Url, UriKind.Absolute, out var url))
            {
                throw new CliException(ExitCodes.OtherError, $"image {index + 1} of {task.Id} has no downloadable URL ('{image.Url}')");
            }

            var path = Path.Combine(folder.FullName, $"{task.Id}-{index + 1}{ImageFileTypes.ExtensionFor(image.MimeType, url)}");
            await DownloadAsync(url, path, cancellationToken);
            saved.Add(path);
        }

        return saved;
    }

    private async Task DownloadAsync(Uri url, string path, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                throw new CliException(ExitCodes.OtherError, $"downloading {url} answered HTTP {(int)response.StatusCode} {response.ReasonPhrase}");
            }

            await using var file = File.Create(path);
            await response.Content.CopyToAsync(file, cancellationToken);
        }
        catch (HttpRequestException exception)
        {
            throw new CliException(ExitCodes.Unavailable, $"downloading {url} failed: {exception.Message}");
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new CliException(ExitCodes.Unavailable, $"downloading {url} timed out");
        }
        catch (IOException exception)
        {
            throw new CliException(ExitCodes.OtherError, $"writing {path} failed: {exception.Message}");
        }
    }
}
