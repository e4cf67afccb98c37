using Deployer.Execution;

namespace Deployer.Providers.Amplify;

/// <summary>What an Amplify step left serving: the job, the zip (<c>s3://bucket/key</c>), the checked URL, and what served before.</summary>
public sealed record AmplifyDeployed(string? JobId, string Zip, string Url, long Bytes, string? PreviousZip) : StepOutput;
