using ImageGrid.Catalog;
using ImageGrid.Contracts.V1;
using ImageGrid.Grains.References;
using ImageGrid.Server.Grpc;

namespace ImageGrid.Server.References;

/// <summary>
/// Turns CreateImage references given by <c>file_id</c> into the uploaded files' URL, name, MIME type and kind, looking
/// files up for the caller's account only: another account's file answers exactly like an id that does not exist.
/// </summary>
public sealed class ReferenceResolver(IGrainFactory grains, ModelCatalog catalog, ImageRequestValidator validator)
{
    /// <summary>
    /// Fills in every reference that names a file id. When any cannot be resolved, throws INVALID_ARGUMENT listing
    /// them together with every other problem the request has.
    /// </summary>
    public async Task ResolveAsync(string accountId, CreateImageRequest request, CancellationToken cancellationToken)
    {
        var references = request.Params?.References;
        if (references is null || !references.Any(reference => reference.FileId.Length > 0))
        {
            return;
        }

        var violations = new List<FieldViolation>();
        var unresolved = new List<int>();
        if (references.Count > catalog.All.Max(model => model.ReferenceRules.MaxReferences))
        {
            // More than any model takes: look nothing up (one grain call per reference), the count is the problem.
            unresolved.AddRange(Enumerable.Range(0, references.Count).Where(index => references[index].FileId.Length > 0));
        }
        else
        {
            var files = await Task.WhenAll(references.Select(reference => FindAsync(accountId, reference.FileId, cancellationToken)));
            for (var index = 0; index < references.Count; index++)
            {
                if (references[index].FileId.Length > 0 && !Resolve(references[index], files[index], index, violations))
                {
                    unresolved.Add(index);
                }
            }
        }

        if (violations.Count > 0 || unresolved.Count > 0)
        {
            // Unresolved references have no url or MIME type of their own to judge: leave them out of the other problems.
            var others = validator.Validate(RequestMapper.ToInput(request)).Violations
                .Where(violation => !unresolved.Any(index => violation.Field.StartsWith(Field(index, ""), StringComparison.Ordinal)));
            throw RpcErrors.InvalidArgument([.. violations, .. others]);
        }
    }

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
