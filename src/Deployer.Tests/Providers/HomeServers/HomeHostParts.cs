using System.Diagnostics;
using Deployer.Ssh;
using Deployer.Tests.Support;

namespace Deployer.Tests.Providers.HomeServers;

/// <summary>
/// The real parts behind a home-server test: a busybox web image in the SSH host's podman storage (built once), and a
/// throw-away nginx on a free loopback port whose upstream include the deploy owns. Each test gets its own nginx.
/// </summary>
public sealed class NginxProxy : IDisposable
{
    public NginxProxy(string service)
    {
        var nginx = RequiredTool.File("/usr/sbin/nginx", "nginx");
        Directory = System.IO.Directory.CreateTempSubdirectory("deployer-nginx-").FullName;
        Port = SshServer.FreePort();
        Upstreams = Path.Combine(Directory, "upstreams.conf");
        // Not written by the deployer: parsed as "nothing serves yet", but lets nginx start.
        File.WriteAllText(Upstreams, $"upstream {service} {{ server 127.0.0.1:1; }}\n");
        Config = Path.Combine(Directory, "nginx.conf");
        var temp = System.IO.Directory.CreateDirectory(Path.Combine(Directory, "temp")).FullName;
        File.WriteAllText(Config, $$"""
            pid {{Directory}}/nginx.pid;
            error_log {{Directory}}/error.log;
            events { worker_connections 64; }
            http {
              access_log off;
              client_body_temp_path {{temp}}/body; proxy_temp_path {{temp}}/proxy; fastcgi_temp_path {{temp}}/fastcgi;
              uwsgi_temp_path {{temp}}/uwsgi; scgi_temp_path {{temp}}/scgi;
              include {{Upstreams}};
              server { listen 127.0.0.1:{{Port}}; location / { proxy_pass http://{{service}}; } }
            }
            """);
        Run(nginx, "-c", Config);
    }

    public string Directory { get; }
    public int Port { get; }
    public string Upstreams { get; }
    public string Config { get; }
    public Uri Url => new($"http://127.0.0.1:{Port}/");

    public void Dispose()
    {
        try { Run("/usr/sbin/nginx", "-c", Config, "-s", "quit"); } catch (InvalidOperationException) { }
        System.IO.Directory.Delete(Directory, recursive: true);
    }

    private static void Run(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardError = true };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"{program} {string.Join(' ', arguments)}: {error}");
    }
}

/// <summary>A busybox httpd image in the SSH host's podman storage: <c>/www/&lt;version&gt;</c> holds an index and, unless the version is "sick", an <c>up</c> file.</summary>
public static class WebImage
{
    public const string Reference = "localhost/deployer-home-web:1";
    private static readonly SemaphoreSlim Once = new(1, 1);

    // One build per SSH server: each sshd collection has its own podman storage.
    private static readonly HashSet<string> Built = [];

    public static async Task EnsureAsync(SshServer sshd)
    {
        await Once.WaitAsync();
        try
        {
            if (Built.Contains(sshd.Directory)) return;
            var context = System.IO.Directory.CreateTempSubdirectory("deployer-web-").FullName;
            File.Copy(RequiredTool.File("/bin/busybox", "busybox-static"), Path.Combine(context, "busybox"));
            File.WriteAllText(Path.Combine(context, "Dockerfile"), """
                FROM scratch
                COPY busybox /bin/busybox
                RUN ["/bin/busybox", "--install", "-s", "/bin"]
                RUN mkdir -p /www/v1 /www/v2 /www/sick && echo v1 > /www/v1/index.html && echo up > /www/v1/up \
                    && echo v2 > /www/v2/index.html && echo up > /www/v2/up && echo sick > /www/sick/index.html
                CMD ["httpd", "-f", "-p", "8080", "-h", "/www/v1"]
                """);
            var start = new ProcessStartInfo(RequiredTool.Program("podman", "podman")) { RedirectStandardError = true, RedirectStandardOutput = true };
            foreach (var a in new[] { "build", "--isolation", "chroot", "-t", Reference, context }) start.ArgumentList.Add(a);
            foreach (var (name, value) in sshd.EngineEnvironment) start.Environment[name] = value;
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var error = await process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            System.IO.Directory.Delete(context, recursive: true);
            if (process.ExitCode != 0) throw new InvalidOperationException($"podman build failed: {error}{await output}");
            Built.Add(sshd.Directory);
        }
        finally
        {
            Once.Release();
        }
    }

    /// <summary>httpd serving one version, behind a shell that exits on SIGTERM (PID 1 ignores it otherwise, and every stop would wait 10 s).</summary>
    public static IReadOnlyList<string> Serve(string version) => ["sh", "-c", $"httpd -f -p 8080 -h /www/{version} & trap 'kill $!; exit 0' TERM; wait"];
}

/// <summary>The real host, with a hook that sees every command before it runs (to cancel a run at an exact point).</summary>
public sealed class ObservedHost(SshConnection connection, Action<RemoteCommand> before) : Deployer.Providers.HomeServers.IHomeHost
{
    private readonly Deployer.Providers.HomeServers.SshHomeHost _host = new(connection);
    public string Name => _host.Name;

    public Task<RemoteResult> RunAsync(RemoteCommand command, Stream? input, CancellationToken cancellationToken)
    {
        before(command);
        return _host.RunAsync(command, input, cancellationToken);
    }

    public Uri Forward(int port) => _host.Forward(port);
}
