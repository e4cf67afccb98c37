using Deployer.Benchmarks;

// Usage: dotnet run -c Release --project benchmarks/Deployer.Benchmarks -- [detection] [parallel] [retag] [scrub] [sam] [site] [vercel] [vercel-client] [home] [home-stream]   (default: all)
var chosen = args.Length == 0 ? ["detection", "parallel", "retag", "scrub", "sam", "site", "vercel", "vercel-client", "home", "home-stream"] : args.Select(a => a.ToLowerInvariant()).ToArray();
foreach (var name in chosen)
{
    Console.WriteLine($"== {name}");
    await (name switch
    {
        "detection" => CompletionDetection.RunAsync(),
        "parallel" => ParallelServices.RunAsync(),
        "retag" => Promotion.RunAsync(),
        "scrub" => Scrubbing.RunAsync(),
        "sam" => SamRedeploy.RunAsync(),
        "site" => StaticSiteSync.RunAsync(),
        "vercel" => VercelRedeploy.RunAsync(),
        "vercel-client" => VercelClientComparison.RunAsync(),
        "home" => HomeServerSwap.RunAsync(),
        "home-stream" => StagingStream.RunAsync(),
        _ => throw new ArgumentException($"unknown benchmark '{name}' (detection, parallel, retag, scrub, sam, site, vercel, vercel-client, home, home-stream)"),
    });
}
