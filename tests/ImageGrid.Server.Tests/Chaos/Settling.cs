using System.Diagnostics;
using ImageGrid.Contracts.V1;

namespace ImageGrid.Server.Tests.Chaos;

/// <summary>Waiting for an account's reservations to be settled or released after its tasks ended.</summary>
public static class Settling
{
    /// <summary>The balance once nothing is reserved any more, or as it is when <paramref name="timeout"/> has passed.</summary>
    public static async Task<Balance> WaitForNoReservationsAsync(this Contracts.V1.ImageGrid.ImageGridClient client, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var balance = await client.GetBalanceAsync(new GetBalanceRequest());
            if (balance.Reserved == 0 || clock.Elapsed > timeout)
            {
                return balance;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100));
        }
    }
}
