using ImageGrid.Cli;

return await CliApplication.RunAsync(args);
