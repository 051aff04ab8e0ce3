using Orleans.Storage;

namespace ImageGrid.Grains;

public static class PersistentStateExtensions
{
    /// <summary>
    /// Writes the state. On an ETag conflict (another activation or silo wrote first) it reloads what storage holds and
    /// deactivates this activation, so the next call starts from storage, then rethrows so the operation fails visibly
    /// instead of overwriting or silently dropping the other write.
    /// </summary>
    public static async Task WriteOrReloadAsync<T>(this IPersistentState<T> state, IGrainBase grain)
    {
        try
        {
            await state.WriteStateAsync();
        }
        catch (InconsistentStateException)
        {
            await state.ReadStateAsync();
            grain.DeactivateOnIdle();
            throw;
        }
    }
}
