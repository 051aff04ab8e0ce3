using ImageGrid.Benchmarks;

return await BenchRunner.RunAsync(args);
