using System.CommandLine;
using ImageGrid.Contracts.V1;

namespace ImageGrid.Cli.Commands;

/// <summary><c>imagegrid balance</c>: the account's credits.</summary>
public static class BalanceCommand
{
    public static Command Build(GlobalOptions global)
    {
        var command = new Command("balance", "Show the account's credits: granted = available + reserved + spent");
        command.SetCliAction(global, async (_, context, cancellationToken) =>
        {
            var balance = await context.Connection.Client.GetBalanceAsync(
                new GetBalanceRequest(), deadline: context.Connection.CallDeadline(), cancellationToken: cancellationToken);
            if (context.Output.Json)
            {
                context.Output.WriteJson(balance);
            }
            else
            {
                context.Output.Text(
                    $"available  {balance.Available}\nreserved   {balance.Reserved}\nspent      {balance.Spent}\ngranted    {balance.Granted}");
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
