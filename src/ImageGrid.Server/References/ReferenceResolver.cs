using ImageGrid.Catalog;
using ImageGrid.Contracts.V1;
using ImageGrid.Grains.References;
using ImageGrid.Grains.TaskIndex;
using ImageGrid.Server.Grpc;

namespace ImageGrid.Server.References;

/// <summary>
/// Turns CreateImage references given by <c>file_id</c> into the uploaded files' URL, name, MIME type and kind, and finds
/// which reference URLs on the Files API's host are the caller's own (files it uploaded, images its tasks produced).
/// Everything is looked up for the caller's account only: another account's file or URL answers exactly like one that
/// does not exist.
/// </summary>
public sealed class ReferenceResolver(IGrainFactory grains, ModelCatalog catalog, ImageRequestValidator validator, IReferenceHostPolicy hosts)
{
    /// <summary>
    /// Fills in every reference that names a file id. When any cannot be resolved, throws INVALID_ARGUMENT listing
    /// them together with every other problem the request has.
    /// </summary>
    /// <returns>The caller's own URLs on the Files API's host among the references, for <see cref="ImageRequestInput.OwnReferenceUrls"/>.</returns>
    public async Task<IReadOnlySet<string>> ResolveAsync(string accountId, CreateImageRequest request, CancellationToken cancellationToken)
    {
        var own = new HashSet<string>(StringComparer.Ordinal);
        var references = request.Params?.References;
        if (references is null)
        {
            return own;
        }

        var byFileId = Enumerable.Range(0, references.Count).Where(index => references[index].FileId.Length > 0).ToList();
        var onFilesHost = Enumerable.Range(0, references.Count).Where(index => references[index].FileId.Length == 0 && IsOnFilesHost(references[index].Url)).ToList();
        if (byFileId.Count == 0 && onFilesHost.Count == 0)
        {
            return own;
        }

        var violations = new List<FieldViolation>();
        var unresolved = new List<int>();
        var tooMany = references.Count > catalog.All.Max(model => model.ReferenceRules.MaxReferences);
        if (tooMany)
        {
            // More than any model takes: look nothing up (one grain call per reference), the count is the problem.
            unresolved.AddRange(byFileId);
        }
        else
        {
            var files = await Task.WhenAll(byFileId.Select(index => FindAsync(accountId, references[index].FileId, cancellationToken)));
            for (var n = 0; n < byFileId.Count; n++)
            {
                var index = byFileId[n];
                if (Resolve(references[index], files[n], index, violations))
                {
                    own.Add(references[index].Url);
                }
                else
                {
                    unresolved.Add(index);
                }
            }

            own.UnionWith(await OwnUrlsAsync(accountId, [.. onFilesHost.Select(index => references[index].Url).Distinct(StringComparer.Ordinal)], cancellationToken));
        }

        if (violations.Count > 0 || unresolved.Count > 0 || tooMany)
        {
            // Unresolved references have no url or MIME type of their own to judge, and URLs not looked up are not known
            // to be foreign: leave them out of the other problems.
            var unjudgedUrls = tooMany ? onFilesHost.Select(index => Field(index, "url")).ToHashSet(StringComparer.Ordinal) : [];
            var others = validator.Validate(RequestMapper.ToInput(request, own)).Violations
                .Where(violation => !unjudgedUrls.Contains(violation.Field)
                    && !unresolved.Any(index => violation.Field.StartsWith(Field(index, ""), StringComparison.Ordinal)));
            throw RpcErrors.InvalidArgument([.. violations, .. others]);
        }

        return own;
    }

    private bool IsOnFilesHost(string url) =>
        CanonicalUrl.Problem(url) is null && Uri.TryCreate(url, UriKind.Absolute, out var uri) && hosts.IsFilesHost(uri);

    private async Task<ReferenceFileInfo?> FindAsync(string accountId, string fileId, CancellationToken cancellationToken)
    {
        if (!ReferenceFileIds.IsWellFormed(fileId))
        {
            return null;
        }

        cancellationToken.ThrowIfCancellationRequested();
        var file = await grains.GetGrain<IReferenceFileGrain>(fileId).GetAsync();
        return file is not null && string.Equals(file.AccountId, accountId, StringComparison.Ordinal) ? file : null;
    }

    private async Task<IEnumerable<string>> OwnUrlsAsync(string accountId, IReadOnlyList<string> urls, CancellationToken cancellationToken)
    {
        var granted = await GrantedAsync(accountId, urls, cancellationToken);
        if (granted.Count == urls.Count)
        {
            return granted;
        }

        // The rest may be images of the account's own tasks, which its task index knows.
        var results = await grains.GetGrain<IAccountTasksGrain>(accountId)
            .FindOwnResultsAsync([.. urls.Except(granted, StringComparer.Ordinal)])
            .WaitAsync(cancellationToken);
        return granted.Concat(results);
    }

    private async Task<IReadOnlyCollection<string>> GrantedAsync(string accountId, IReadOnlyList<string> urls, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var granted = await Task.WhenAll(urls.Select(url => grains.GetGrain<IReferenceUrlGrain>(ReferenceUrlKey.For(accountId, url)).IsGrantedAsync(url)))
            .WaitAsync(cancellationToken);
        return [.. urls.Where((_, index) => granted[index])];
    }

    /// <summary>The upload decides url, MIME type and kind; a name the caller gives is kept.</summary>
    /// <returns>False when the reference could not be filled in from an upload.</returns>
    private static bool Resolve(ReferenceImage reference, ReferenceFileInfo? file, int index, List<FieldViolation> violations)
    {
        if (reference.Url.Length > 0)
        {
            violations.Add(new FieldViolation(Field(index, "file_id"), "give either file_id or url, not both (the url comes from the uploaded file)"));
            return false;
        }

        if (file is null)
        {
            violations.Add(new FieldViolation(
                Field(index, "file_id"),
                $"no uploaded file \"{reference.FileId}\" exists for this API key's account; upload it with UploadReference and pass the id it returns"));
            return false;
        }

        if (reference.MimeType.Length > 0 && !string.Equals(reference.MimeType, file.MimeType, StringComparison.OrdinalIgnoreCase))
        {
            violations.Add(new FieldViolation(Field(index, "mime_type"), $"must be empty or the uploaded file's type {file.MimeType} (got \"{reference.MimeType}\")"));
        }

        if (reference.Kind.Length > 0 && reference.Kind != file.Kind)
        {
            violations.Add(new FieldViolation(Field(index, "kind"), $"must be empty or the uploaded file's kind {file.Kind} (got \"{reference.Kind}\")"));
        }

        reference.Url = file.Url;
        reference.MimeType = file.MimeType;
        reference.Kind = file.Kind;
        if (reference.Name.Length == 0)
        {
            reference.Name = file.Name;
        }

        return true;
    }

    private static string Field(int index, string field) => $"params.references[{index}].{field}";
}
