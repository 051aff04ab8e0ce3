namespace ImageGrid.Grains.References;

/// <summary>One activation per (account, URL): written once, then only read.</summary>
public sealed class ReferenceUrlGrain(
    [PersistentState("grant", StorageNames.ReferenceUrls)] IPersistentState<ReferenceUrlState> state) : Grain, IReferenceUrlGrain
{
    public async Task GrantAsync(ReferenceUrlGrant grant)
    {
        ArgumentNullException.ThrowIfNull(grant);
        ArgumentException.ThrowIfNullOrEmpty(grant.Url);

        if (state.State.Grant is { } granted)
        {
            if (!string.Equals(granted.Url, grant.Url, StringComparison.Ordinal))
            {
                // Two URLs with one SHA-256: never expected, and never to be answered as the other URL's grant.
                throw new InvalidOperationException($"Reference URL grain {this.GetPrimaryKeyString()} already holds another URL.");
            }

            return;
        }

        state.State.Grant = grant;
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            state.State.Grant = null;
            throw;
        }
    }

    public Task<bool> IsGrantedAsync(string url) =>
        Task.FromResult(state.State.Grant is { } granted && string.Equals(granted.Url, url, StringComparison.Ordinal));
}
