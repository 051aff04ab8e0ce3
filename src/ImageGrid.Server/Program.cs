using ImageGrid.Server;

await using var app = await ImageGridServer.BuildAsync(args);
await app.RunAsync();
