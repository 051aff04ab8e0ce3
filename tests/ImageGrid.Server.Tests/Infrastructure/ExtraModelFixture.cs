namespace ImageGrid.Server.Tests.Infrastructure;

/// <summary>
/// An ImageGrid server whose catalog adds a model through configuration alone (<c>Catalog:Models</c>), whose reference
/// hosts are configured (<c>References:AllowedHosts</c>, beside the Files API's own host), and that waits only one
/// second for Rivya's acknowledgement, so a task Rivya keeps failing stays SUBMITTING with its credits reserved.
/// </summary>
public sealed class ExtraModelFixture : ImageGridFixture
{
    public const string ModelId = "flux-pro-2";
    public const int CreditsPerImage = 7;
    public const string AllowedHost = "files.rivya.test";

    protected override IEnumerable<string> ServerArguments(string simulatorUrl) =>
    [
        .. base.ServerArguments(simulatorUrl),
        "--Polling:SubmitAckTimeout=00:00:01",
        "--Rivya:MaxRetryAttempts=1",
        $"--Catalog:Models:0:Id={ModelId}",
        "--Catalog:Models:0:DisplayName=FLUX Pro 2",
        "--Catalog:Models:0:MaxPromptCharacters=500",
        $"--Catalog:Models:0:CreditsPerImage={CreditsPerImage}",
        "--Catalog:Models:0:Inputs:0=text",
        "--Catalog:Models:0:Inputs:1=file",
        "--Catalog:Models:0:Parameters:0:Key=size",
        "--Catalog:Models:0:Parameters:0:Type=select",
        "--Catalog:Models:0:Parameters:0:Default=square",
        "--Catalog:Models:0:Parameters:0:Options:0=square",
        "--Catalog:Models:0:Parameters:0:Options:1=portrait",
        "--Catalog:Models:0:Parameters:0:Options:2=landscape",
        "--Catalog:Models:0:Parameters:0:Description=Frame",
        "--Catalog:Models:0:Parameters:1:Key=style",
        "--Catalog:Models:0:Parameters:1:Default=natural",
        "--Catalog:Models:0:Parameters:1:Options:0=natural",
        "--Catalog:Models:0:Parameters:1:Options:1=vivid",
        "--Catalog:Models:0:Parameters:1:Description=Style",
        "--Catalog:Models:0:ReferenceRules:MaxReferences=2",
        "--Catalog:Models:0:ReferenceRules:Kinds:0:Kind=image",
        "--Catalog:Models:0:ReferenceRules:Kinds:0:MaxBytes=5242880",
        "--Catalog:Models:0:ReferenceRules:Kinds:0:MimeTypes:0=image/png",
        $"--References:AllowedHosts:0={AllowedHost}",
    ];
}

[CollectionDefinition(Name)]
public sealed class ExtraModelCollection : ICollectionFixture<ExtraModelFixture>
{
    public const string Name = "extra-model";
}
