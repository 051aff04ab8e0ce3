using System.CommandLine;
using ImageGrid.Cli.Output;
using ImageGrid.Contracts.V1;

namespace ImageGrid.Cli.Commands;

/// <summary><c>imagegrid list</c>: the account's tasks, newest first, a page at a time or all of them.</summary>
public static class ListCommand
{
    public static Command Build(GlobalOptions global)
    {
        var status = new Option<string>("--status") { Description = "Only tasks with this status: submitting, queued, running, succeeded or failed" };
        var pageSize = new Option<int>("--page-size") { Description = "Tasks per page, 1 to 200 (the service's default, 50, when omitted)" };
        var pageToken = new Option<string>("--page-token") { Description = "The token the previous page printed, for the page after it" };
        var all = new Option<bool>("--all") { Description = "Follow the pages to the last one" };

        var command = new Command("list", "List the account's tasks, newest first") { status, pageSize, pageToken, all };
        command.SetCliAction(global, async (parseResult, context, cancellationToken) =>
        {
            var request = new ListTasksRequest { PageSize = parseResult.GetValue(pageSize), PageToken = parseResult.GetValue(pageToken) ?? "" };
            if (parseResult.GetValue(status) is { } statusText)
            {
                request.Status = StatusNames.ParseTaskStatus(statusText)
                    ?? throw CliException.BadInput($"--status must be one of submitting, queued, running, succeeded, failed; got '{statusText}'");
            }

            var followAll = parseResult.GetValue(all);
            var listed = new ListTasksResponse();
            ListTasksResponse page;
            do
            {
                page = await context.Connection.Client.ListTasksAsync(request, deadline: context.Connection.CallDeadline(), cancellationToken: cancellationToken);
                listed.Tasks.Add(page.Tasks);
                listed.NextPageToken = page.NextPageToken;
                request.PageToken = page.NextPageToken;
            }
            while (followAll && page.NextPageToken.Length > 0);

            if (context.Output.Json)
            {
                context.Output.WriteJson(listed);
                return ExitCodes.Success;
            }

            foreach (var task in listed.Tasks)
            {
                context.Output.Text(TaskText.Line(task));
            }

            if (listed.NextPageToken.Length > 0)
            {
                var sameFilter = string.Concat(
                    request.Status == Contracts.V1.TaskStatus.Unspecified ? "" : $" --status {StatusNames.Of(request.Status).ToLowerInvariant()}",
                    request.PageSize == 0 ? "" : $" --page-size {request.PageSize}");
                context.Output.Info($"next page: imagegrid list{sameFilter} --page-token {listed.NextPageToken}");
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
