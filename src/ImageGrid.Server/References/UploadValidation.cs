using ImageGrid.Catalog;
using ImageGrid.Contracts.V1;

namespace ImageGrid.Server.References;

/// <summary>
/// The Files API rules for an upload, from the catalog's reference rules of the model: the metadata before any byte is
/// read, the size while bytes arrive, the content once they have all arrived. Pure: no I/O.
/// </summary>
public static class UploadValidation
{
    private const long Megabyte = 1024 * 1024;

    /// <summary>Checks the first message; every problem is added to <paramref name="violations"/>.</summary>
    /// <returns>The target when the metadata is valid; null otherwise.</returns>
    public static UploadTarget? CheckMetadata(UploadMetadata metadata, ModelCatalog catalog, List<FieldViolation> violations)
    {
        var countBefore = violations.Count;
        var kind = metadata.Kind.Length > 0 ? metadata.Kind : ReferenceKinds.Image;
        var rule = KindRule(metadata.Model, kind, catalog, violations);
        CheckFileName(metadata.FileName, violations);
        var mimeType = CheckMimeType(metadata.MimeType, kind, rule, violations);

        if (metadata.TotalSize < 0)
        {
            violations.Add(new FieldViolation(UploadFields.TotalSize, $"must be the file's size in bytes, or 0 when unknown; got {metadata.TotalSize}"));
        }
        else if (rule is not null && metadata.TotalSize > rule.MaxBytes)
        {
            violations.Add(new FieldViolation(UploadFields.TotalSize, $"is {metadata.TotalSize} bytes; kind {kind} takes at most {Bytes(rule.MaxBytes)}"));
        }

        return violations.Count > countBefore || rule is null || mimeType is null
            ? null
            : new UploadTarget(metadata.FileName, mimeType, kind, metadata.TotalSize, rule.MaxBytes, rule.MimeTypes);
    }

    /// <summary>The size limit was passed while chunks arrived.</summary>
    public static FieldViolation TooLarge(UploadTarget target, long accepted) =>
        new(UploadFields.Chunk, $"the file is larger than {Bytes(target.MaxBytes)}, the limit for kind {target.Kind}; reading stopped after {accepted} bytes");

    /// <summary>More bytes arrived than the metadata announced.</summary>
    public static FieldViolation LongerThanDeclared(UploadTarget target, long accepted) =>
        new(UploadFields.TotalSize, $"declares {target.DeclaredSize} bytes but more arrived; reading stopped after {accepted} bytes");

    /// <summary>The stream ended; checks what arrived against the size rules and the declared type.</summary>
    /// <returns>Null when the content may go on to be decoded.</returns>
    public static FieldViolation? CheckContent(ReadOnlySpan<byte> content, UploadTarget target)
    {
        if (content.Length == 0)
        {
            return new FieldViolation(UploadFields.Chunk, "the upload is empty: send the file's bytes in chunk messages after the metadata");
        }

        if (target.DeclaredSize > 0 && content.Length != target.DeclaredSize)
        {
            return new FieldViolation(UploadFields.TotalSize, $"declares {target.DeclaredSize} bytes but {content.Length} arrived");
        }

        var sniffed = ImageSniffer.Detect(content);
        if (sniffed is null || !target.MimeTypes.Contains(sniffed, StringComparer.OrdinalIgnoreCase))
        {
            return new FieldViolation(UploadFields.Chunk, $"the content is not {OneOf(target.MimeTypes)} (told from its first bytes, whatever the name or declared type say)");
        }

        if (!string.Equals(sniffed, target.MimeType, StringComparison.OrdinalIgnoreCase))
        {
            return new FieldViolation(UploadFields.Chunk, $"the content is {sniffed} but metadata.mime_type declares {target.MimeType}; declare the type the bytes are");
        }

        return ImageStructure.IsComplete(content, sniffed)
            ? null
            : new FieldViolation(UploadFields.Chunk, $"the file is truncated or malformed: {ImageStructure.EndDescription(sniffed)}");
    }

    /// <summary>"10485760 bytes (10 MB)".</summary>
    public static string Bytes(long bytes) =>
        bytes % Megabyte == 0 ? $"{bytes} bytes ({bytes / Megabyte} MB)" : $"{bytes} bytes";

    private static ReferenceKindRule? KindRule(string model, string kind, ModelCatalog catalog, List<FieldViolation> violations)
    {
        var modelId = model.Length > 0 ? model : catalog.DefaultModelId;
        if (!catalog.TryGet(modelId, out var definition))
        {
            violations.Add(new FieldViolation(UploadFields.Model, $"unknown model \"{modelId}\"; known models: {string.Join(", ", catalog.All.Select(m => m.Id))}"));
            return null;
        }

        var kinds = definition.ReferenceRules.MaxReferences > 0 ? definition.ReferenceRules.Kinds : [];
        if (kinds.Count == 0)
        {
            violations.Add(new FieldViolation(UploadFields.Kind, $"model {modelId} takes no reference files"));
            return null;
        }

        var rule = kinds.FirstOrDefault(candidate => candidate.Kind == kind);
        if (rule is null)
        {
            violations.Add(new FieldViolation(UploadFields.Kind, $"must be one of {string.Join(", ", kinds.Select(k => k.Kind))} for model {modelId} (got \"{kind}\")"));
        }

        return rule;
    }

    private static void CheckFileName(string fileName, List<FieldViolation> violations)
    {
        var length = PromptLength.Count(fileName);
        if (string.IsNullOrWhiteSpace(fileName))
        {
            violations.Add(new FieldViolation(UploadFields.FileName, "is required, e.g. reference-image.png"));
        }
        else if (length > ImageRequestValidator.MaxReferenceNameCharacters)
        {
            violations.Add(new FieldViolation(UploadFields.FileName, $"must be at most {ImageRequestValidator.MaxReferenceNameCharacters} characters; got {length}"));
        }
        else if (fileName.Any(char.IsControl))
        {
            violations.Add(new FieldViolation(UploadFields.FileName, "must not contain control characters"));
        }
    }

    /// <returns>The declared type in the catalog's spelling, or null when it is missing or not accepted.</returns>
    private static string? CheckMimeType(string mimeType, string kind, ReferenceKindRule? rule, List<FieldViolation> violations)
    {
        if (mimeType.Length == 0)
        {
            violations.Add(new FieldViolation(UploadFields.MimeType, rule is null ? "is required" : $"is required; {OneOf(rule.MimeTypes)} for kind {kind}"));
            return null;
        }

        if (rule is null)
        {
            return null;
        }

        var allowed = rule.MimeTypes.FirstOrDefault(candidate => string.Equals(candidate, mimeType, StringComparison.OrdinalIgnoreCase));
        if (allowed is null)
        {
            violations.Add(new FieldViolation(UploadFields.MimeType, $"must be {OneOf(rule.MimeTypes)} for kind {kind} (got \"{mimeType}\")"));
        }

        return allowed;
    }

    private static string OneOf(IReadOnlyList<string> values) =>
        values.Count == 1 ? values[0] : $"one of {string.Join(", ", values)}";
}
