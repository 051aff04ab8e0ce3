using System.CommandLine;
using System.Text;
using ImageGrid.Contracts.V1;

namespace ImageGrid.Cli.Commands;

/// <summary><c>imagegrid models</c>: the models the service accepts, with their parameters and reference rules.</summary>
public static class ModelsCommand
{
    public static Command Build(GlobalOptions global)
    {
        var command = new Command("models", "List the models, their parameters (for --param) and what references they take");
        command.SetCliAction(global, async (_, context, cancellationToken) =>
        {
            var models = await context.Connection.Client.ListModelsAsync(
                new ListModelsRequest(), deadline: context.Connection.CallDeadline(), cancellationToken: cancellationToken);
            if (context.Output.Json)
            {
                context.Output.WriteJson(models);
            }
            else
            {
                context.Output.Text(Describe(models));
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static string Describe(ListModelsResponse models)
    {
        var text = new StringBuilder();
        foreach (var model in models.Models)
        {
            var isDefault = model.Id == models.DefaultModel ? " (default)" : "";
            text.Append($"{model.Id}{isDefault}  {model.DisplayName}\n");
            text.Append($"  prompt     at most {model.MaxPromptCharacters} characters ({model.PromptLengthUnit})\n");
            text.Append($"  credits    {model.CreditsPerImage} per image\n");
            foreach (var parameter in model.Parameters)
            {
                text.Append($"  --param    {parameter.Key}={string.Join("|", parameter.Options)} (default {parameter.DefaultValue})\n");
            }

            if (model.References is { MaxReferences: > 0 } references)
            {
                foreach (var kind in references.Kinds)
                {
                    text.Append($"  --ref      up to {references.MaxReferences}, {kind.Kind}: {string.Join(", ", kind.MimeTypes)}, at most {kind.MaxBytes} bytes\n");
                }
            }
        }

        return text.ToString().TrimEnd('\n');
    }
}
