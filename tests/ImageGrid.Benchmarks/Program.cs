using ImageGrid.Benchmarks;
using ImageGrid.Benchmarks.Baselines;

// The watch scenario starts this same assembly as its bare gRPC server (its own process).
return args is [BareWatchServer.Verb, ..]
    ? await BareWatchServer.RunAsync(args[1..])
    : await BenchRunner.RunAsync(args);
