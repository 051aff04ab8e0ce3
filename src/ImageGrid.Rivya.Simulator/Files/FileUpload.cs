namespace ImageGrid.Rivya.Simulator.Files;

/// <summary>The form fields of a Files API upload, as read; what is missing is null.</summary>
internal sealed record FileUpload(string? Kind, UploadedPart? File);

/// <summary>
/// The <c>file</c> part. <paramref name="Content"/> holds at most the size limit; <paramref name="ExceedsLimit"/> says
/// the part was longer and reading stopped there.
/// </summary>
internal sealed record UploadedPart(string? FileName, string? DeclaredMimeType, byte[] Content, bool ExceedsLimit);
