partial class Build
{
    Target Test => _ => _
        .Description("Run the description's test and lint commands (pytest, ruff, cargo test, npm test …)")
        .Executes(async cancellationToken => Finish(await Run.TestAsync(cancellationToken)));
}
