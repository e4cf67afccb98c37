using Deployer.Execution;

namespace Deployer.Providers.Verify;

/// <summary>The public URLs a verify step checked, in the description's order (the first is the environment URL).</summary>
public sealed record Verified(IReadOnlyList<string> Urls) : StepOutput;
