namespace Deployer.Aws;

/// <summary>
/// What Deployer needs to know to call one AWS service: its service id (as the SDKs name it, for
/// AWS_ENDPOINT_URL_&lt;SERVICE_ID&gt;), its SigV4 signing name, its X-Amz-Target prefix (awsJson1_1) or API version
/// (query protocol) and its regional host.
/// </summary>
/// <param name="ServiceId">The SDK service id, e.g. <c>Secrets Manager</c>; also the name used in error messages.</param>
/// <param name="SigningName">SigV4 signing name, e.g. <c>secretsmanager</c>.</param>
/// <param name="TargetPrefix">X-Amz-Target prefix, e.g. <c>AmazonEC2ContainerServiceV20141113</c>.</param>
/// <param name="HostPrefix">Regional host without the region and DNS suffix, e.g. <c>api.ecr</c>.</param>
public sealed record AwsService(string ServiceId, string SigningName, string TargetPrefix, string HostPrefix)
{
    public static readonly AwsService Ecs = new("ECS", "ecs", "AmazonEC2ContainerServiceV20141113", "ecs");
    public static readonly AwsService Ecr = new("ECR", "ecr", "AmazonEC2ContainerRegistry_V20150921", "api.ecr");
    public static readonly AwsService SecretsManager = new("Secrets Manager", "secretsmanager", "secretsmanager", "secretsmanager");
    public static readonly AwsService Ssm = new("SSM", "ssm", "AmazonSSM", "ssm");
    /// <summary>Application Auto Scaling: its Smithy service id has spaces, so its endpoint variable is AWS_ENDPOINT_URL_APPLICATION_AUTO_SCALING.</summary>
    public static readonly AwsService ApplicationAutoScaling = new("Application Auto Scaling", "application-autoscaling", "AnyScaleFrontendService", "application-autoscaling");
    /// <summary>STS speaks the query protocol and is called only by the SDK's web identity credentials; Deployer uses its endpoint.</summary>
    public static readonly AwsService Sts = new("STS", "sts", "AWSSecurityTokenServiceV20110615", "sts");
    /// <summary>RDS speaks the query protocol: the target prefix (its Smithy service name) is never sent, the API version is.</summary>
    public static readonly AwsService Rds = new("RDS", "rds", "AmazonRDSv19", "rds") { ApiVersion = "2014-10-31" };
    /// <summary>CloudFormation speaks the query protocol too.</summary>
    public static readonly AwsService CloudFormation = new("CloudFormation", "cloudformation", "CloudFormation", "cloudformation") { ApiVersion = "2010-05-15" };
    /// <summary>CloudWatch (alarms read during a bake) through its query protocol; its host is "monitoring".</summary>
    public static readonly AwsService CloudWatch = new("CloudWatch", "monitoring", "GraniteServiceVersion20100801", "monitoring") { ApiVersion = "2010-08-01" };

    /// <summary>S3 is called through the SDK's AmazonS3Client (restXml, multipart, checksums); only its endpoint and id are used here.</summary>
    public static readonly AwsService S3 = new("S3", "s3", "", "s3");

    /// <summary>CloudFront (restXml, no target prefix) is global: one endpoint, signed in us-east-1 (see <see cref="AwsClients"/>).</summary>
    public static readonly AwsService CloudFront = new("CloudFront", "cloudfront", "", "cloudfront") { GlobalHost = "cloudfront.amazonaws.com" };

    /// <summary>Amplify speaks restJson1: operations are URIs and methods, so the target prefix is never sent.</summary>
    public static readonly AwsService Amplify = new("Amplify", "amplify", "", "amplify");

    /// <summary>The host of a global service (no region in it); null for regional services.</summary>
    public string? GlobalHost { get; init; }

    /// <summary>The <c>Version</c> a query-protocol request carries; null for awsJson1_1 services.</summary>
    public string? ApiVersion { get; init; }

    /// <summary>The service-specific endpoint variable, as the SDKs spell it: upper case, spaces to underscores.</summary>
    public string EndpointVariable => "AWS_ENDPOINT_URL_" + ServiceId.ToUpperInvariant().Replace(' ', '_');

    /// <summary>The public regional endpoint; China regions live under amazonaws.com.cn.</summary>
    public Uri DefaultEndpoint(string region)
    {
        if (GlobalHost is not null) return new Uri($"https://{GlobalHost}");
        var suffix = region.StartsWith("cn-", StringComparison.Ordinal) ? "amazonaws.com.cn" : "amazonaws.com";
        return new Uri($"https://{HostPrefix}.{region}.{suffix}");
    }
}
