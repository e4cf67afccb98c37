using System.Text;
using Deployer.Aws;
using Deployer.Execution;
using Deployer.Providers.Sam;
using Deployer.Secrets;
using Deployer.Tests.Support;

namespace Deployer.Benchmarks;

/// <summary>
/// Re-deploying an unchanged stack of 10 Lambda functions through moto (content-addressed keys: nothing uploaded, the
/// empty change set reported as Unchanged), against the same deploy re-uploading every artifact, as <c>sam deploy</c>
/// does without its cache. Both package (zip and hash) the code; only the uploads differ.
/// </summary>
public static class SamRedeploy
{
    private const int Runs = 5;
    private const int Functions = 10;
    private const int CodeBytes = 2 * 1024 * 1024;

    public static async Task RunAsync()
    {
        var moto = new MotoServer();
        await moto.InitializeAsync();
        var root = Directory.CreateTempSubdirectory("deployer-bench-sam-").FullName;
        try
        {
            using var aws = AwsClients.FromEnvironment(moto.Environment(), MotoServer.Region, TimeProvider.System);
            const string bucket = "bench-sam-artifacts";
            await aws.S3.PutBucketAsync(bucket);
            WriteApp(root);
            var spec = new SamStackSpec { Stack = "bench-sam", Template = "template.yaml", S3Bucket = bucket, Capabilities = ["CAPABILITY_IAM"] };
            var step = new DeploySamStackStep("deploy-sam:bench-sam", [], spec, MotoServer.Region, [new("app", "bench")]);
            SamStepHandler Handler(bool force) => new(aws.CloudFormation, aws.S3, new SecretResolver(moto.Environment(), new SecretValues(), null), root,
                moto.Environment(), TimeProvider.System, (_, _) => { }, new StackPolling(TimeSpan.FromMilliseconds(50), TimeSpan.FromSeconds(1))) { ForceUpload = force };

            var first = await Handler(false).RunAsync(step, new ExecutionState(), CancellationToken.None);
            Console.WriteLine($"  first deploy: {first.Outcome}, {first.OutputAs<SamDeployed>()?.Uploaded} uploads");
            var unchanged = new List<TimeSpan>();
            var reupload = new List<TimeSpan>();
            for (var i = 0; i < Runs; i++)
            {
                StepResult again = null!, forced = null!;
                unchanged.Add(await Measure.TimeAsync(async () => again = await Handler(false).RunAsync(step, new ExecutionState(), CancellationToken.None)));
                reupload.Add(await Measure.TimeAsync(async () => forced = await Handler(true).RunAsync(step, new ExecutionState(), CancellationToken.None)));
                Console.WriteLine($"  run {i + 1}: unchanged {unchanged[^1].TotalSeconds:0.000} s ({again.Outcome}, {again.OutputAs<SamDeployed>()?.Uploaded} uploads), " +
                                  $"re-upload {reupload[^1].TotalSeconds:0.000} s ({forced.Outcome}, {forced.OutputAs<SamDeployed>()?.Uploaded} uploads)");
            }
            Measure.Report("unchanged re-deploy (0 uploads)", Measure.Median(unchanged), "deploy re-uploading every artifact", Measure.Median(reupload),
                "unchanged / re-upload; target at most 0.3");
        }
        finally
        {
            Directory.Delete(root, recursive: true);
            await moto.DisposeAsync();
        }
    }

    /// <summary>Ten functions of 2 MiB of incompressible code each (a vendored dependency tree), one role.</summary>
    private static void WriteApp(string root)
    {
        var random = new Random(42);
        var template = new StringBuilder("""
            AWSTemplateFormatVersion: "2010-09-09"
            Resources:
              Role:
                Type: AWS::IAM::Role
                Properties:
                  AssumeRolePolicyDocument:
                    Version: "2012-10-17"
                    Statement: [{ Effect: Allow, Principal: { Service: lambda.amazonaws.com }, Action: sts:AssumeRole }]

            """);
        for (var i = 0; i < Functions; i++)
        {
            var folder = Path.Combine(root, $"fn{i}");
            Directory.CreateDirectory(folder);
            File.WriteAllText(Path.Combine(folder, "app.py"), $"def handler(event, context):\n    return {i}\n");
            var vendored = new byte[CodeBytes];
            random.NextBytes(vendored);
            File.WriteAllBytes(Path.Combine(folder, "vendor.bin"), vendored);
            template.Append($"""
                  Fn{i}:
                    Type: AWS::Lambda::Function
                    Properties:
                      Code: fn{i}
                      Handler: app.handler
                      Runtime: python3.12
                      Role: !GetAtt Role.Arn

                """);
        }
        File.WriteAllText(Path.Combine(root, "template.yaml"), template.ToString());
    }
}
