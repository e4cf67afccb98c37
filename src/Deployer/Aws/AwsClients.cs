using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Signing;
using Amazon.S3;
using Deployer.Aws.Amplify;
using Deployer.Aws.ApplicationAutoScaling;
using Deployer.Aws.CloudFormation;
using Deployer.Aws.CloudFront;
using Deployer.Aws.Ecr;
using Deployer.Aws.Ecs;
using Deployer.Aws.Rds;
using Deployer.Aws.SecretsManager;
using Deployer.Aws.Ssm;

namespace Deployer.Aws;

/// <summary>
/// The ECS, Application Auto Scaling, ECR, Secrets Manager, SSM, RDS, CloudFormation, CloudFront, Amplify and S3 clients of one run, sharing one connection pool and one credentials object.
/// Requests are signed by the SDK's <see cref="SigV4SigningHandler"/> with the SDK credentials that
/// <see cref="AwsSettings.Credentials"/> names (temporary credentials refresh themselves).
/// </summary>
public sealed class AwsClients : IDisposable
{
    private readonly AWSCredentials _credentials;
    private readonly TimeProvider _time;
    private readonly HttpMessageHandler _transport;
    private readonly bool _ownsTransport;
    private readonly List<HttpClient> _httpClients = [];

    private AwsClients(AwsSettings settings, TimeProvider time, HttpMessageHandler? transport)
        : this(settings, settings.Credentials.CreateSdkCredentials(settings), time, transport)
    {
    }

    private AwsClients(AwsSettings settings, AWSCredentials credentials, TimeProvider time, HttpMessageHandler? transport)
    {
        Settings = settings;
        _time = time;
        _credentials = credentials;
        _ownsTransport = transport is null;
        // Redirects must not be followed below the signer: a followed redirect would go out unsigned.
        _transport = transport ?? new SocketsHttpHandler { AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5) };
        Ecs = new EcsApiClient(JsonClient(AwsService.Ecs));
        ApplicationAutoScaling = new ApplicationAutoScalingApiClient(JsonClient(AwsService.ApplicationAutoScaling));
        Ecr = new EcrApiClient(JsonClient(AwsService.Ecr));
        SecretsManager = new SecretsManagerApiClient(JsonClient(AwsService.SecretsManager));
        Ssm = new SsmApiClient(JsonClient(AwsService.Ssm));
        Rds = new RdsApiClient(QueryClient(AwsService.Rds));
        CloudFormation = new CloudFormationApiClient(QueryClient(AwsService.CloudFormation));
        CloudWatch = new CloudWatch.CloudWatchApiClient(QueryClient(AwsService.CloudWatch));
        CloudFront = new CloudFrontApiClient(Settings.EndpointFor(AwsService.CloudFront), SignedHttp(AwsService.CloudFront, "us-east-1"), Settings.Retry, _time);
        // The zip goes to a pre-signed URL: signing it again would break its signature, so the upload client is unsigned.
        Amplify = new AmplifyApiClient(Settings.EndpointFor(AwsService.Amplify), SignedHttp(AwsService.Amplify), UnsignedHttp(), Settings.Retry, _time);
        _s3 = new Lazy<IAmazonS3>(CreateS3);
    }

    private readonly Lazy<IAmazonS3> _s3;

    public AwsSettings Settings { get; }
    public IEcsApi Ecs { get; }
    public IApplicationAutoScalingApi ApplicationAutoScaling { get; }
    public IEcrApi Ecr { get; }
    public ISecretsManagerApi SecretsManager { get; }
    public ISsmApi Ssm { get; }

    /// <summary>Secrets Manager as the resolver's store (GetSecretValue by id).</summary>
    public Secrets.SecretStore SecretsManagerStore => SecretsManager.GetSecretStringAsync;

    /// <summary>SSM Parameter Store as the resolver's store (GetParameter with decryption).</summary>
    public Secrets.SecretStore SsmStore => Ssm.GetParameterAsync;
    public IRdsApi Rds { get; }
    public ICloudFormationApi CloudFormation { get; }
    public CloudWatch.ICloudWatchApi CloudWatch { get; }
    public ICloudFrontApi CloudFront { get; }
    public IAmplifyApi Amplify { get; }

    /// <summary>
    /// The SDK's S3 client with the run's region, credentials and endpoint: an overridden endpoint
    /// (AWS_ENDPOINT_URL_S3 / AWS_ENDPOINT_URL, e.g. moto) is addressed path-style, since its host has no bucket subdomains.
    /// </summary>
    public IAmazonS3 S3 => _s3.Value;

    private IAmazonS3 CreateS3()
    {
        var config = new AmazonS3Config { RegionEndpoint = RegionEndpoint.GetBySystemName(Settings.Region), MaxErrorRetry = Settings.Retry.MaxAttempts - 1 };
        if (Settings.OverriddenEndpoint(AwsService.S3) is { } endpoint)
        {
            config.ServiceURL = endpoint.ToString();
            config.ForcePathStyle = true;
            config.AuthenticationRegion = Settings.Region;
        }
        return new AmazonS3Client(_credentials, config);
    }

    /// <summary>Builds the clients; <paramref name="transport"/> replaces the network handler (tests record or redirect with it).</summary>
    public static AwsClients Create(AwsSettings settings, TimeProvider time, HttpMessageHandler? transport = null) => new(settings, time, transport);

    /// <summary>Resolves settings from the injected environment (see <see cref="AwsEnvironment.Resolve"/>) and builds the clients.</summary>
    public static AwsClients FromEnvironment(IReadOnlyDictionary<string, string> environment, string? explicitRegion, TimeProvider time, HttpMessageHandler? transport = null, string? role = null) =>
        new(AwsEnvironment.Resolve(environment, explicitRegion, role), time, transport);

    /// <summary>
    /// A run's clients: settings from the injected environment, then the description's aws.role made the identity that
    /// signs every request (<see cref="Roles.RoleAssumption"/>: AssumeRole unless the credentials already are that role).
    /// </summary>
    /// <exception cref="AwsConfigurationException">No credentials, or the role cannot be had with them; nothing was called but STS.</exception>
    public static async Task<AwsClients> ConnectAsync(IReadOnlyDictionary<string, string> environment, string? explicitRegion, Roles.RoleRequest? role,
        TimeProvider time, HttpMessageHandler? transport, CancellationToken cancellationToken)
    {
        var (settings, credentials) = await Roles.RoleAssumption.ApplyAsync(AwsEnvironment.Resolve(environment, explicitRegion, role?.RoleArn) with { Time = time }, role, cancellationToken);
        return new AwsClients(settings, credentials, time, transport);
    }

    /// <summary>A raw awsJson1_1 client for <paramref name="service"/> with these settings (signed, retried).</summary>
    public AwsJsonClient JsonClient(AwsService service) => new(service, Settings.EndpointFor(service), SignedHttp(service), Settings.Retry, _time);

    /// <summary>A raw query-protocol client for <paramref name="service"/> with these settings (signed, retried).</summary>
    public AwsQueryClient QueryClient(AwsService service) => new(service, Settings.EndpointFor(service), SignedHttp(service), Settings.Retry, _time);

    private HttpClient SignedHttp(AwsService service, string? signingRegion = null)
    {
        var signer = new SigV4SigningHandler(_credentials, RegionEndpoint.GetBySystemName(signingRegion ?? Settings.Region), service.SigningName, _transport);
        // The transport is shared by every client and disposed once, below.
        var http = new HttpClient(signer, disposeHandler: false);
        lock (_httpClients) _httpClients.Add(http);
        return http;
    }

    private HttpClient UnsignedHttp()
    {
        var http = new HttpClient(_transport, disposeHandler: false);
        lock (_httpClients) _httpClients.Add(http);
        return http;
    }

    public void Dispose()
    {
        lock (_httpClients)
        {
            foreach (var http in _httpClients) http.Dispose();
            _httpClients.Clear();
        }
        if (_s3.IsValueCreated) _s3.Value.Dispose();
        if (_ownsTransport) _transport.Dispose();
        (_credentials as IDisposable)?.Dispose();
    }
}
