using System.Text.Json.Nodes;
using Deployer.Aws;
using Deployer.Aws.Ecr;
using Deployer.Aws.Ecs;
using Deployer.Tests.Support;

namespace Deployer.Tests.Aws;

/// <summary>
/// Every operation of every port, with every request recorded as it leaves the process and checked against botocore's
/// input shapes: the clients speak the services' real wire protocol, not just something moto tolerates.
/// </summary>
[Collection(MotoCollection.Name)]
public sealed class WireProtocolTests(MotoServer moto)
{
    private static readonly Dictionary<string, (string Botocore, AwsService Service)> Services = new()
    {
        [AwsService.Ecs.TargetPrefix] = ("ecs", AwsService.Ecs),
        [AwsService.Ecr.TargetPrefix] = ("ecr", AwsService.Ecr),
        [AwsService.SecretsManager.TargetPrefix] = ("secretsmanager", AwsService.SecretsManager),
    };

    private static readonly string[] PortOperations =
    [
        "ecs.DescribeTaskDefinition", "ecs.RegisterTaskDefinition", "ecs.DescribeServices", "ecs.UpdateService",
        "ecs.ListServiceDeployments", "ecs.DescribeServiceDeployments", "ecs.StopServiceDeployment", "ecs.ListTasks",
        "ecs.DescribeTasks", "ecs.RunTask", "ecs.StopTask",
        "ecr.GetAuthorizationToken", "ecr.DescribeRepositories", "ecr.CreateRepository", "ecr.DescribeImages",
        "ecr.BatchGetImage", "ecr.PutImage", "ecr.DescribeImageScanFindings", "ecr.StartImageScan",
        "secretsmanager.GetSecretValue",
    ];

    [Fact]
    public async Task Every_request_of_every_port_matches_the_botocore_input_shape_and_is_signed()
    {
        var recorder = new RecordingHandler();
        await using var stub = await StubAwsServer.StartAsync(EcsServiceDeploymentTests.Respond);
        using var clients = AwsClients.FromEnvironment(moto.Environment(), null, TimeProvider.System, recorder);
        // moto has no service deployments: those three calls go to the stub, through the same recorder.
        using var deploymentClients = AwsClients.FromEnvironment(moto.Environment(("AWS_ENDPOINT_URL_ECS", stub.Endpoint.ToString())), null, TimeProvider.System, recorder);

        await ExerciseEcs(clients.Ecs, deploymentClients.Ecs, clients);
        await ExerciseEcr(clients.Ecr);
        await ExerciseSecretsManager(clients);

        var requests = recorder.Requests;
        var violations = requests
            .SelectMany(r => ServiceModel.Botocore.ValidateInput(Services[r.Prefix].Botocore, r.Operation, r.Body).Select(v => $"{r.Target}: {v}"))
            .ToArray();
        Assert.Empty(violations);
        Assert.Empty(PortOperations.Except(requests.Select(r => $"{Services[r.Prefix].Botocore}.{r.Operation}")));
        Assert.All(requests, r =>
        {
            Assert.Equal("/", r.Uri.AbsolutePath);
            Assert.Equal("application/x-amz-json-1.1", r.ContentType);
            Assert.Matches($@"^AWS4-HMAC-SHA256 Credential=AKIDMOTOTESTING/\d{{8}}/{MotoServer.Region}/{Services[r.Prefix].Service.SigningName}/aws4_request, SignedHeaders=[^ ]*x-amz-target[^ ]*, Signature=[0-9a-f]{{64}}$", r.Authorization);
        });
    }

    [Fact]
    public async Task Every_RDS_request_is_a_signed_form_post_that_matches_the_botocore_input_shape()
    {
        var recorder = new RecordingHandler();
        using var clients = AwsClients.FromEnvironment(moto.Environment(), null, TimeProvider.System, recorder);
        var instance = await RdsApiClientTests.InstanceAsync(clients);

        await clients.Rds.DescribeDbInstanceAsync(instance, CancellationToken.None);
        await clients.Rds.CreateDbSnapshotAsync($"{instance}-wire", instance, [new("deployer:app", "shop"), new("deployer:environment", "prod")], CancellationToken.None);
        await clients.Rds.DescribeDbSnapshotAsync($"{instance}-wire", CancellationToken.None);

        var requests = recorder.Requests.Where(r => r.FormValue("Action") != "CreateDBInstance").ToArray();
        Assert.Equal(["DescribeDBInstances", "CreateDBSnapshot", "DescribeDBSnapshots"], requests.Select(r => r.Operation));
        Assert.Empty(requests.SelectMany(r => ServiceModel.Botocore.ValidateQueryInput("rds", r.Form!).Select(v => $"{r.Operation}: {v}")));
        Assert.All(requests, r =>
        {
            Assert.Equal("/", r.Uri.AbsolutePath);
            Assert.Equal("application/x-www-form-urlencoded; charset=utf-8", r.ContentType);
            Assert.Null(r.Target);
            Assert.Matches($@"^AWS4-HMAC-SHA256 Credential=AKIDMOTOTESTING/\d{{8}}/{MotoServer.Region}/rds/aws4_request, SignedHeaders=[^ ]*, Signature=[0-9a-f]{{64}}$", r.Authorization);
        });
    }

    private async Task ExerciseEcs(IEcsApi ecs, IEcsApi deployments, AwsClients clients)
    {
        var (cluster, service, taskDefinition, network) = await EcsApiClientTests.ServiceAsync(moto, clients);
        var current = await ecs.DescribeTaskDefinitionAsync(taskDefinition, CancellationToken.None);
        var next = await ecs.RegisterTaskDefinitionAsync(EcsApiClientTests.TaskDefinition((string)current["family"]!, "nginx:1.28"), CancellationToken.None);
        var described = await ecs.DescribeServiceAsync(cluster, service, CancellationToken.None);
        await ecs.UpdateServiceAsync(new UpdateServiceRequest
        {
            Cluster = cluster,
            Service = service,
            TaskDefinition = (string)next["taskDefinitionArn"]!,
            DesiredCount = 2,
            ForceNewDeployment = false,
            DeploymentConfiguration = new DeploymentConfiguration
            {
                MaximumPercent = 200,
                MinimumHealthyPercent = 50,
                Strategy = "ROLLING",
                BakeTimeInMinutes = 0,
                DeploymentCircuitBreaker = new DeploymentCircuitBreaker(true, true),
                Alarms = new DeploymentAlarms(["web-5xx"], Enable: true, Rollback: true),
            },
        }, CancellationToken.None);

        var arns = await deployments.ListServiceDeploymentsAsync(cluster, service, DateTimeOffset.FromUnixTimeSeconds(1700000000), CancellationToken.None);
        await deployments.DescribeServiceDeploymentsAsync(arns, CancellationToken.None);
        await deployments.StopServiceDeploymentAsync(arns[0], "ROLLBACK", CancellationToken.None);

        var tasks = await ecs.RunTaskAsync(new RunTaskRequest
        {
            Cluster = cluster,
            TaskDefinition = (string)next["taskDefinitionArn"]!,
            NetworkConfiguration = described!.NetworkConfiguration ?? network,
            StartedBy = "deployer-migrate",
            ContainerOverrides = [new ContainerOverride("app", ["alembic", "upgrade", "head"], new Dictionary<string, string> { ["MIGRATING"] = "1" })],
        }, CancellationToken.None);
        await ecs.ListTasksAsync(cluster, service, null, "RUNNING", CancellationToken.None);
        await ecs.ListTasksAsync(cluster, null, "deployer-migrate", "STOPPED", CancellationToken.None);
        await ecs.DescribeTasksAsync(cluster, tasks.Select(t => t.TaskArn).ToArray(), CancellationToken.None);
        await ecs.StopTaskAsync(cluster, tasks[0].TaskArn, "Deployer: the release was cancelled", CancellationToken.None);
    }

    private static async Task ExerciseEcr(IEcrApi ecr)
    {
        var name = EcrApiClientTests.Name("wire");
        await ecr.GetAuthorizationTokenAsync(CancellationToken.None);
        await ecr.DescribeRepositoryAsync(name, CancellationToken.None);
        await ecr.CreateRepositoryAsync(name, scanOnPush: true, immutableTags: false, CancellationToken.None);
        var manifest = EcrApiClientTests.Manifest(name);
        await ecr.PutImageAsync(name, new EcrManifest(manifest, "application/vnd.docker.distribution.manifest.v2+json", "sha256:" + EcrApiClientTests.Sha256(manifest)), "build-1", CancellationToken.None);
        var fetched = await ecr.GetManifestAsync(name, "build-1", CancellationToken.None);
        await ecr.GetManifestAsync(name, fetched!.Digest, CancellationToken.None);
        await ecr.PutImageAsync(name, fetched, "staging", CancellationToken.None);
        await ecr.DescribeImageByTagAsync(name, "staging", CancellationToken.None);
        await ecr.DescribeImageScanFindingsAsync(name, fetched.Digest, CancellationToken.None);
        await ecr.StartImageScanAsync(name, fetched.Digest, CancellationToken.None);
    }

    private static async Task ExerciseSecretsManager(AwsClients clients)
    {
        var id = EcrApiClientTests.Name("wire/secret");
        await clients.JsonClient(AwsService.SecretsManager)
            .SendAsync("CreateSecret", new JsonObject { ["Name"] = id, ["SecretString"] = "s3cr3t-value" }, CancellationToken.None);
        await clients.SecretsManager.GetSecretStringAsync(id, CancellationToken.None);
    }
}
