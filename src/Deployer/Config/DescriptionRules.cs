using System.Text.RegularExpressions;
using Deployer.Text;

namespace Deployer.Config;

/// <summary>Rules that span the description: references between sections and settings that only make sense together.</summary>
internal static partial class DescriptionRules
{
    public static void Check(DeployDescription d, Action<string, string> report)
    {
        // Binding already reported a missing or malformed 'environments'; the rules below need it.
        if (d.Environments is null) return;
        if (d.Environments.Count == 0) report("environments", "at least one environment is required");
        CheckNames(d, report);
        CheckPromotionCycles(d, report);
        if (d.Migrations is { } migrations) CheckMigrations(d, migrations, report);

        foreach (var (name, env) in d.Environments)
        {
            var path = ConfigPath.Key("environments", name);
            CheckEnvironment(d, name, env, path, report);
        }
    }

    private static void CheckMigrations(DeployDescription d, MigrationSpec m, Action<string, string> report)
    {
        if (m.RunOn == MigrationRunner.EcsTask)
        {
            if (m.Image is null) report("migrations.image", "'runOn: ecsTask' needs the image the task runs");
        }
        if (m.Image is not null) CheckImageReference(d, m.Image, "migrations.image", report);
        if (m.Tool == MigrationTool.Command && m.Command.Count == 0)
            report("migrations.command", "'tool: command' needs the command to run");
        if (m.Bundle is not null && m.Tool != MigrationTool.EfCore)
            report("migrations.bundle", "a migration bundle is an EF Core artifact: 'bundle' needs 'tool: efCore'");
        else if (m.Bundle is not null && m.Apply != EfCoreApply.Bundle)
            report("migrations.bundle", "'apply: dotnetEf' runs dotnet ef database update and would ignore 'bundle'");
        foreach (var (name, env) in d.Environments.Where(e => e.Value.Database is null && HasDeployTargets(e.Value)))
            report(ConfigPath.Key("environments", name), "migrations are defined but this environment has no 'database' to run them against");
        if (m.RunOn == MigrationRunner.EcsTask)
            foreach (var (name, env) in d.Environments.Where(e => e.Value.Database is not null))
            {
                if (env.Cluster is null)
                    report(ConfigPath.Key("environments", name), "'migrations.runOn: ecsTask' needs the environment's 'cluster'");
                if (env.Database?.Connection is { Env: { } variable })
                    report($"{ConfigPath.Key("environments", name)}.database.connection",
                        $"'migrations.runOn: ecsTask' gets the connection from ECS, which injects secrets from Secrets Manager or SSM only; 'env: {variable}' cannot reach the task");
                var borrowed = m.Service ?? env.Services.FirstOrDefault(s => s.Image == m.Image)?.Name;
                if (borrowed is null || env.Services.All(s => s.Name != borrowed))
                    report(m.Service is null ? ConfigPath.Key("environments", name) : "migrations.service",
                        $"the migration task borrows the network configuration of a service, but environment '{name}' has " +
                        (m.Service is null ? $"no service running image '{m.Image}'" : $"no service '{m.Service}'"));
            }
    }

    private static void CheckEnvironment(DeployDescription d, string name, EnvironmentSpec env, string path, Action<string, string> report)
    {
        if (env.PromotesFrom is { } from)
        {
            if (from == name) report($"{path}.promotesFrom", "an environment cannot promote from itself");
            else if (!d.Environments.ContainsKey(from))
                report($"{path}.promotesFrom", $"environment '{from}' is not defined{Suggestion.DidYouMean(from, d.Environments.Keys)}");
        }
        if (env.Aws is { } aws)
        {
            if (aws.Account is { } account && !AccountId().IsMatch(account)) report($"{path}.aws.account", $"'{aws.Account}' is not a 12-digit AWS account id");
            if (aws.Region is { } region && !Region().IsMatch(region)) report($"{path}.aws.region", $"'{aws.Region}' is not an AWS region (e.g. us-east-1)");
            if (aws.Role is { } role && !role.StartsWith("arn:aws", StringComparison.Ordinal))
                report($"{path}.aws.role", $"'{role}' is not an IAM role ARN");
        }
        CheckEcsNames(env, path, report);
        var registry = env.Registry ?? new RegistrySpec();
        var needsAws = env.Services.Count + env.Sam.Count + env.Amplify.Count + env.StaticSites.Count > 0 ||
                       (registry.Kind == RegistryKind.Ecr && d.Images.Count > 0 && HasDeployTargets(env)) ||
                       env.Database?.Snapshot is { Enabled: true };
        if (needsAws && env.Aws is null)
            report(path, "this environment deploys to AWS (ECS, SAM, Amplify, S3, ECR or RDS) and needs 'aws' (account and region)");
        if (registry.Kind == RegistryKind.Oci && registry.Server is null)
            report($"{path}.registry.server", "'kind: oci' needs the registry 'server'");
        if (registry.Kind == RegistryKind.Ssh && env.HomeServers.Count == 0)
            report($"{path}.registry.kind", "'kind: ssh' copies images to home servers, but this environment has none");

        for (var i = 0; i < env.Services.Count; i++)
        {
            var service = env.Services[i];
            var servicePath = ConfigPath.Index($"{path}.services", i);
            CheckImageChoice(d, service.Image, service.ImageUri, servicePath, report);
            if ((service.Cluster ?? env.Cluster) is null)
                report(servicePath, $"service '{service.Name}' has no cluster: set 'cluster' on it or on the environment");
            CheckStrategy(service, servicePath, report);
            if (service.TimeoutMinutes <= 0) report($"{servicePath}.timeoutMinutes", $"must be at least 1 minute, not {service.TimeoutMinutes}");
            foreach (var variable in service.Secrets.Where(s => s.Value.Env is not null).Select(s => s.Key))
                report(ConfigPath.Key($"{servicePath}.secrets", variable), "ECS injects secrets from Secrets Manager or SSM only; 'env' references cannot reach a task");
        }
        ReportDuplicates(env.Services.Select(s => s.Name), $"{path}.services", "service", report);

        for (var h = 0; h < env.HomeServers.Count; h++)
        {
            var host = env.HomeServers[h];
            var hostPath = ConfigPath.Index($"{path}.homeServers", h);
            if (host.HostKey is { } hostKey && !hostKey.StartsWith("SHA256:", StringComparison.Ordinal))
                report($"{hostPath}.hostKey", "expected a SHA256:… fingerprint, as printed by ssh-keygen -lf");
            if (host.Proxy is { Kind: ProxyKind.Traefik or ProxyKind.Nginx, ConfigPath: null })
                report($"{hostPath}.proxy.configPath", $"a {Naming.CamelCase(host.Proxy!.Kind.ToString())} proxy needs the 'configPath' it reads");
            if (host.Proxy is { Kind: ProxyKind.Caddy, AdminUrl: null })
                report($"{hostPath}.proxy.adminUrl", "a caddy proxy needs its 'adminUrl'");
            var hostServices = host.Services ?? [];
            for (var s = 0; s < hostServices.Count; s++)
                CheckImageChoice(d, hostServices[s].Image, hostServices[s].ImageUri, ConfigPath.Index($"{hostPath}.services", s), report);
            ReportDuplicates(hostServices.Select(s => s.Name), $"{hostPath}.services", "service", report);
        }

        for (var i = 0; i < env.Verify.Count; i++)
            if (env.Verify[i].Url is { } verifyUrl) CheckUrl(verifyUrl, $"{ConfigPath.Index($"{path}.verify", i)}.url", report);
        for (var i = 0; i < env.Amplify.Count; i++)
            if (env.Amplify[i].Url is { } url) CheckUrl(url, $"{ConfigPath.Index($"{path}.amplify", i)}.url", report);
        for (var i = 0; i < env.StaticSites.Count; i++)
            if (env.StaticSites[i].Url is { } url) CheckUrl(url, $"{ConfigPath.Index($"{path}.staticSites", i)}.url", report);
    }

    private static void CheckStrategy(EcsServiceSpec service, string path, Action<string, string> report)
    {
        switch (service.Strategy)
        {
            case EcsStrategy.Canary when service.CanaryPercent is null:
                report($"{path}.canaryPercent", "'strategy: canary' needs 'canaryPercent'");
                break;
            case EcsStrategy.Linear when service.StepPercent is null:
                report($"{path}.stepPercent", "'strategy: linear' needs 'stepPercent'");
                break;
        }
        if (service.CanaryPercent is { } canary && (canary <= 0 || canary >= 100))
            report($"{path}.canaryPercent", "must be between 0 and 100 (exclusive)");
        if (service.StepPercent is { } step && (step <= 0 || step > 100))
            report($"{path}.stepPercent", "must be between 0 and 100");
        if (service.MinimumHealthyPercent is < 0 or > 100)
            report($"{path}.minimumHealthyPercent", "must be between 0 and 100");
        if (service.MaximumPercent is { } maximum && (maximum < 100 || maximum > 200))
            report($"{path}.maximumPercent", "must be between 100 and 200");
        if (service.Strategy == EcsStrategy.Rolling && service.BakeMinutes is not null)
            report($"{path}.bakeMinutes", "rolling deployments have no bake time; use blueGreen, canary or linear");
    }

    private static void CheckImageChoice(DeployDescription d, string? image, string? imageUri, string path, Action<string, string> report)
    {
        if ((image is null) == (imageUri is null))
            report(path, "set exactly one of 'image' (built here) or 'imageUri' (an external image)");
        if (image is not null) CheckImageReference(d, image, $"{path}.image", report);
    }

    private static void CheckImageReference(DeployDescription d, string image, string path, Action<string, string> report)
    {
        if (!d.Images.ContainsKey(image))
            report(path, $"image '{image}' is not defined in 'images'{Suggestion.DidYouMean(image, d.Images.Keys)}");
    }

    private static void CheckUrl(string url, string path, Action<string, string> report)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            report(path, $"'{url}' is not an absolute http(s) URL");
    }

    private static void ReportDuplicates(IEnumerable<string> names, string path, string what, Action<string, string> report)
    {
        foreach (var duplicate in names.GroupBy(n => n).Where(g => g.Count() > 1))
            report(path, $"{what} '{duplicate.Key}' is listed more than once");
    }

    private static bool HasDeployTargets(EnvironmentSpec env) =>
        env.Services.Count + env.Sam.Count + env.Amplify.Count + env.Vercel.Count + env.StaticSites.Count + env.HomeServers.Count > 0;

    [GeneratedRegex(@"^\d{12}$")] private static partial Regex AccountId();
    [GeneratedRegex(@"^[a-z]{2}(-gov)?-[a-z]+-\d$")] private static partial Regex Region();
}
