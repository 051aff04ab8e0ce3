using ImageGrid.Server.Tests.Infrastructure;

namespace ImageGrid.Server.Tests.Clients;

/// <summary>An example's run, the account whose key it used, and the file it was told to save the image to.</summary>
public sealed record ExampleOutcome(ExampleRun Run, TestAccount Account, string ImagePath);
