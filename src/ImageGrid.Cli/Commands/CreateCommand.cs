using System.CommandLine;
using ImageGrid.Cli.Parameters;
using ImageGrid.Cli.References;
using ImageGrid.Cli.Output;
using ImageGrid.Cli.Tasks;
using ImageGrid.Contracts.V1;
using TaskStatus = ImageGrid.Contracts.V1.TaskStatus;

namespace ImageGrid.Cli.Commands;

/// <summary><c>imagegrid create PROMPT</c>: uploads the --ref files, creates the task, and follows it when asked.</summary>
public static class CreateCommand
{
    public static Command Build(GlobalOptions global)
    {
        var prompt = new Argument<string>("prompt") { Description = "What the image should show" };
        var model = new Option<string>("--model") { Description = "The model id (see `imagegrid models`); the service's default model when omitted" };
        var parameters = new Option<string[]>("--param")
        {
            Description = "A model parameter as key=value, e.g. --param resolution=2K --param aspect_ratio=16:9 (repeat for more)",
            HelpName = "key=value",
        };
        var clientRequestId = new Option<string>("--client-request-id") { Description = "Idempotency key: the same id and request give the same task" };
        var references = new Option<FileInfo[]>("--ref")
        {
            Description = "A reference image (PNG, JPEG or WebP) to upload first and pass to the model (repeat for more)",
            HelpName = "file",
        };
        var watch = new Option<bool>("--watch") { Description = "Show the task's progress until it succeeds or fails" };
        var saveInto = new Option<DirectoryInfo>("--out") { Description = "Wait for the task and save its images into this folder", HelpName = "dir" };

        var command = new Command("create", "Create an image task") { prompt, model, parameters, clientRequestId, references, watch, saveInto };
        command.SetCliAction(global, async (parseResult, context, cancellationToken) =>
        {
            var values = ParameterArguments.Parse(parseResult.GetValue(parameters) ?? []);
            var sources = ReferenceUploader.Prepare(parseResult.GetValue(references) ?? []);
            var request = new CreateImageRequest
            {
                Model = parseResult.GetValue(model) ?? "",
                Prompt = parseResult.GetValue(prompt) ?? "",
                ClientRequestId = parseResult.GetValue(clientRequestId) ?? "",
                Params = new ImageParams(),
            };
            request.Params.Values.Add(values);
            request.Params.References.Add(await UploadAsync(sources, request.Model, context, cancellationToken));

            var task = await context.Connection.Client.CreateImageAsync(request, deadline: context.Connection.CallDeadline(), cancellationToken: cancellationToken);

            var showUpdates = parseResult.GetValue(watch);
            var folder = parseResult.GetValue(saveInto);
            return showUpdates || folder is not null
                ? await WaitForEndAsync(task, showUpdates, folder, context, cancellationToken)
                : await ReportCreatedAsync(task, context, cancellationToken);
        });
        return command;
    }

    private static async Task<List<ReferenceImage>> UploadAsync(
        IReadOnlyList<ReferenceSource> sources, string model, CommandContext context, CancellationToken cancellationToken)
    {
        var uploader = new ReferenceUploader(context.Connection);
        var referenced = new List<ReferenceImage>();
        foreach (var source in sources)
        {
            var uploaded = await uploader.UploadAsync(source, model, cancellationToken);
            context.Output.Info($"uploaded {source.File.Name} as {uploaded.Id} {uploaded.Url}");
            referenced.Add(new ReferenceImage { FileId = uploaded.Id });
        }

        return referenced;
    }

    private static async Task<int> ReportCreatedAsync(ImageTask task, CommandContext context, CancellationToken cancellationToken)
    {
        if (context.Output.Json)
        {
            context.Output.WriteJson(task);
        }
        else
        {
            context.Output.Text(TaskText.Block(task));
        }

        // The block above already shows the images of a task that finished at once; only a failure needs more.
        return task.Status == TaskStatus.Failed
            ? await new TaskCompletion(context).ReportAsync(task, null, cancellationToken)
            : ExitCodes.Success;
    }

    private static async Task<int> WaitForEndAsync(
        ImageTask task, bool showUpdates, DirectoryInfo? folder, CommandContext context, CancellationToken cancellationToken)
    {
        var completion = new TaskCompletion(context);
        var final = TaskFollower.IsTerminal(task.Status) && !showUpdates
            ? task
            : await completion.FollowAsync(task.Id, showUpdates, cancellationToken);
        if (!showUpdates && context.Output.Json)
        {
            context.Output.WriteJson(final);
        }

        return await completion.ReportAsync(final, folder, cancellationToken);
    }
}
