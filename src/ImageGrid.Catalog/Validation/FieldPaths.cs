namespace ImageGrid.Catalog;

/// <summary>Field paths as callers see them in the public proto.</summary>
internal static class FieldPaths
{
    public const string Model = "model";
    public const string Prompt = "prompt";
    public const string References = "params.references";
    public const string ClientRequestId = "client_request_id";

    public const string ParameterValues = "params.values";

    public static string Parameter(string key) => $"params.{key}";

    public static string ParameterValue(string key) => $"{ParameterValues}.{key}";

    public static string Reference(int index, string field) => $"{References}[{index}].{field}";
}
