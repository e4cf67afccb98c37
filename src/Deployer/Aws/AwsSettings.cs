namespace Deployer.Aws;

/// <summary>
/// Everything needed to reach AWS for one run: region, where credentials come from, endpoint overrides and retries.
/// Built from the injected environment by <see cref="AwsEnvironment.Resolve"/>; changed with <c>with</c>.
/// </summary>
public sealed record AwsSettings
{
    public required string Region { get; init; }

    public required AwsCredentialSource Credentials { get; init; }

    /// <summary>AWS_ENDPOINT_URL: the endpoint of every service without its own override.</summary>
    public Uri? EndpointOverride { get; init; }

    /// <summary>AWS_ENDPOINT_URL_&lt;SERVICE_ID&gt; overrides, keyed by variable name (see <see cref="AwsService.EndpointVariable"/>).</summary>
    public IReadOnlyDictionary<string, Uri> ServiceEndpointOverrides { get; init; } = new Dictionary<string, Uri>();

    public AwsRetryPolicy Retry { get; init; } = AwsRetryPolicy.Default;

    /// <summary>The run's clock: when a role session is due for renewal (<see cref="Roles.SessionRenewal"/>).</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>The endpoint to call: the service's own override, else the general one, else the public regional endpoint.</summary>
    public Uri EndpointFor(AwsService service) => OverriddenEndpoint(service) ?? service.DefaultEndpoint(Region);

    /// <summary>The configured endpoint for <paramref name="service"/>, or null when the default applies.</summary>
    public Uri? OverriddenEndpoint(AwsService service) =>
        ServiceEndpointOverrides.TryGetValue(service.EndpointVariable, out var own) ? own : EndpointOverride;
}
