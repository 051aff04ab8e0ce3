namespace ImageGrid.Catalog;

internal static class PromptValidation
{
    /// <param name="model">Null when the model is unknown: only the model-independent rule applies.</param>
    public static void Check(string prompt, ModelDefinition? model, List<FieldViolation> violations)
    {
        if (string.IsNullOrEmpty(prompt))
        {
            violations.Add(new FieldViolation(FieldPaths.Prompt, "is required"));
            return;
        }

        if (string.IsNullOrWhiteSpace(prompt))
        {
            violations.Add(new FieldViolation(FieldPaths.Prompt, "must not be only whitespace"));
            return;
        }

        if (model is null)
        {
            return;
        }

        var length = PromptLength.Count(prompt);
        if (length > model.MaxPromptCharacters)
        {
            violations.Add(new FieldViolation(FieldPaths.Prompt, TextDescriptions.TooLong(model.MaxPromptCharacters, length)));
        }
    }
}
