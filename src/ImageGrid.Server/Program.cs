using ImageGrid.Server;

return await ImageGridServer.RunAsync(args);
