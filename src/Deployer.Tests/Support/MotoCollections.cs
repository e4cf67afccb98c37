namespace Deployer.Tests.Support;

// The moto tests were one collection (about 7 minutes run one after another, the suite's longest chain next to sshd's).
// These collections split off the slowest families so they run beside the rest. Each collection starts its own
// moto_server (a collection fixture is one instance per collection), so no test ever sees another collection's
// resources: nothing global a test relies on (ECR scan results queued through moto's static endpoint, account-wide
// listings) is shared across collections, and within a collection tests keep running one after another as before.

/// <summary>The SAM / CloudFormation tests (aws-sam-translator and cfn-lint processes), on a moto of their own.</summary>
[CollectionDefinition(Name)]
public sealed class MotoSamCollection : ICollectionFixture<MotoServer>
{
    public const string Name = "moto-sam";
}

/// <summary>The Amplify Hosting tests (build scripts, ./build.sh runs), on a moto of their own.</summary>
[CollectionDefinition(Name)]
public sealed class MotoAmplifyCollection : ICollectionFixture<MotoServer>
{
    public const string Name = "moto-amplify";
}
