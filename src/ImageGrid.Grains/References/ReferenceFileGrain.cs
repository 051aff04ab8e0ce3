using Microsoft.Extensions.Logging;

namespace ImageGrid.Grains.References;

/// <summary>One activation per uploaded reference file: written once, then only read.</summary>
public sealed partial class ReferenceFileGrain(
    [PersistentState("reference", StorageNames.Uploads)] IPersistentState<ReferenceFileState> state,
    ILogger<ReferenceFileGrain> logger) : Grain, IReferenceFileGrain
{
    public async Task SaveAsync(ReferenceFileInfo file)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentException.ThrowIfNullOrEmpty(file.AccountId);

        if (state.State.File is { } saved)
        {
            if (saved != file)
            {
                // Name neither account: ids are generated, so this is a bug, not a caller's doing.
                throw new InvalidOperationException($"Reference file {this.GetPrimaryKeyString()} is already saved with other content.");
            }

            return;
        }

        state.State.File = file;
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            state.State.File = null;
            throw;
        }

        LogSaved(this.GetPrimaryKeyString(), file.AccountId, file.MimeType, file.Size);
    }

    public Task<ReferenceFileInfo?> GetAsync() => Task.FromResult(state.State.File);

    [LoggerMessage(Level = LogLevel.Information, Message = "Reference file {FileId} saved for account {AccountId} ({MimeType}, {Size} bytes)")]
    private partial void LogSaved(string fileId, string accountId, string mimeType, long size);
}
