using Deployer.Secrets;
using Refit;

namespace Deployer.Providers.Vercel.Api;

/// <summary>The typed Vercel clients of one team scope, over one owned HTTP transport.</summary>
public sealed class VercelClients : IDisposable
{
    public const string DefaultApiUrl = "https://api.vercel.com";

    private readonly HttpClient _http;

    public VercelClients(Uri apiUrl, Secret token, VercelScope scope, TimeProvider time, HttpMessageHandler? transport = null, int maxAttempts = 5)
    {
        Scope = scope;
        _http = new HttpClient(new VercelHttpHandler(token, scope, time, maxAttempts) { InnerHandler = transport ?? new HttpClientHandler() })
        {
            BaseAddress = apiUrl,
            Timeout = Timeout.InfiniteTimeSpan,
        };
        Deployments = RestService.For<IVercelDeployments>(_http);
        Files = RestService.For<IVercelFiles>(_http);
        Projects = RestService.For<IVercelProjects>(_http);
        Aliases = RestService.For<IVercelAliases>(_http);
    }

    public VercelScope Scope { get; }
    public IVercelDeployments Deployments { get; }
    public IVercelFiles Files { get; }
    public IVercelProjects Projects { get; }
    public IVercelAliases Aliases { get; }

    public void Dispose() => _http.Dispose();
}
