using Deployer.Config;

namespace Deployer.Planning;

/// <summary>
/// One unit of work in a plan. Steps are data: a provider's handler executes them and the dry run prints them.
/// </summary>
/// <param name="Id">Stable id, e.g. <c>deploy-ecs:backend</c>.</param>
/// <param name="DependsOn">Ids of steps that must finish successfully first.</param>
public abstract record Step(string Id, IReadOnlyList<string> DependsOn)
{
    /// <summary>Kind name as printed and in JSON, e.g. <c>DeployEcsService</c>.</summary>
    public string Kind => GetType().Name.EndsWith("Step", StringComparison.Ordinal) ? GetType().Name[..^4] : GetType().Name;

    /// <summary>The provider whose handler runs this step (ecr, ecs, vercel, …).</summary>
    public abstract string Provider { get; }

    /// <summary>One line saying what the step does and where.</summary>
    public abstract string Summary { get; }

    /// <summary>Ordered facts worth printing in a plan; secrets appear only as their references.</summary>
    public virtual IEnumerable<(string Name, string Value)> Details() => [];
}

/// <summary>
/// An image as deployed: repository and the tag of this release. The digest is known after the push, or up front when a
/// promotion or rollback ships a recorded release; then the image prints pinned by digest.
/// </summary>
public sealed record ImageRef(string Name, string Repository, string Tag, string? Digest = null)
{
    /// <summary>The reference pinned by digest, when the digest is known.</summary>
    public string? Pinned => Digest is null ? null : $"{Repository}@{Digest}";

    public override string ToString() => Pinned ?? $"{Repository}:{Tag}";
}

public sealed record BuildImageStep(string Id, IReadOnlyList<string> DependsOn, ImageRef Image, ImageSpec Spec, string GitSha) : Step(Id, DependsOn)
{
    public override string Provider => "container";
    public override string Summary => $"build image '{Image.Name}' from {Spec.Dockerfile ?? Spec.Context.TrimEnd('/') + "/Dockerfile"}";
    public override IEnumerable<(string, string)> Details()
    {
        yield return ("context", Spec.Context);
        if (Spec.Target is not null) yield return ("stage", Spec.Target);
        yield return ("platform", Spec.Platform);
        foreach (var (key, value) in Spec.BuildArgs) yield return ($"build-arg {key}", value);
        yield return ("label", $"org.opencontainers.image.revision={GitSha}");
    }
}

public sealed record PushImageStep(string Id, IReadOnlyList<string> DependsOn, ImageRef Image, RegistryKind Registry) : Step(Id, DependsOn)
{
    public override string Provider => Registry == RegistryKind.Ecr ? "ecr" : Registry == RegistryKind.Ssh ? "ssh" : "registry";
    public override string Summary => Registry == RegistryKind.Ssh
        ? $"copy image '{Image.Name}' to the home servers over SSH"
        : $"push image '{Image.Name}' to {Image}";
    public override IEnumerable<(string, string)> Details()
    {
        yield return ("skip", "when the tag already exists (Unchanged)");
        yield return ("then", "every later step uses the pushed digest");
    }
}

/// <param name="Image">Where the image goes: this environment's repository and tag.</param>
/// <param name="Source">The verified image, <c>repository@digest</c>, from the source release; null when the ledger was not read (a dry run without it).</param>
/// <param name="SourceRelease">Ledger id of the release being promoted.</param>
public sealed record PromoteImageStep(string Id, IReadOnlyList<string> DependsOn, ImageRef Image, string FromEnvironment, string? Source = null, string? SourceRelease = null)
    : Step(Id, DependsOn)
{
    public override string Provider => "ecr";
    public override string Summary => Source is null
        ? $"promote image '{Image.Name}': the digest of {FromEnvironment}'s last successful release, retagged as {Image.Tag} (no rebuild)"
        : $"promote image '{Image.Name}': {Source} from {FromEnvironment} release {SourceRelease}, tagged {Image.Repository}:{Image.Tag} (no rebuild)";
}

public sealed record SnapshotDatabaseStep(string Id, IReadOnlyList<string> DependsOn, string Instance) : Step(Id, DependsOn)
{
    public override string Provider => "rds";
    public override string Summary => $"snapshot RDS instance '{Instance}' and wait until it is available";
    public override IEnumerable<(string, string)> Details()
    {
        yield return ("gate", "the migration runs only once the snapshot is available; a failed snapshot stops the release");
        yield return ("kept", "a manual snapshot tagged with the app, environment and commit; Deployer never deletes it");
    }
}

public sealed record MigrateStep(string Id, IReadOnlyList<string> DependsOn, MigrationSpec Spec, SecretRef Connection, ImageRef? TaskImage, string? Cluster, string? TaskService) : Step(Id, DependsOn)
{
    public override string Provider => Spec.Tool switch { MigrationTool.Alembic => "alembic", MigrationTool.EfCore => "efcore", _ => "migration" };
    public override string Summary => Spec.Tool switch
    {
        MigrationTool.Alembic => $"alembic upgrade {Spec.Target ?? "head"} in {Spec.Directory}",
        MigrationTool.EfCore => (Spec.Apply, Spec.Bundle) switch
        {
            (EfCoreApply.DotnetEf, _) => "dotnet ef database update",
            (_, null) => "EF Core migration bundle (built for the run)",
            (_, var bundle) => $"EF Core migration bundle {bundle}",
        } + $"{(Spec.Target is null ? "" : " to " + Spec.Target)} for {Spec.Directory}",
        _ => $"run migration command '{string.Join(' ', Spec.Command)}'",
    } + (Spec.RunOn == MigrationRunner.EcsTask ? $" as an ECS one-off task on cluster {Cluster}" : " on the runner");
    public override IEnumerable<(string, string)> Details()
    {
        yield return ("connection", Spec.RunOn == MigrationRunner.EcsTask
            ? $"{Connection} (read by ECS inside the task, never by Deployer)"
            : $"{Connection} (read at execution, never printed)");
        if (TaskImage is not null) yield return ("image", TaskImage.ToString());
        if (TaskService is not null) yield return ("task", $"task definition and network of service '{TaskService}'");
        if (Spec.RunOn == MigrationRunner.EcsTask)
        {
            yield return ("receives", $"${Spec.ConnectionVariable} as an ECS secret (valueFrom), never as a plain variable");
            yield return ("lock", "one migration task per app and environment; a concurrent run waits for it");
        }
        else
        {
            yield return ("receives", $"${Spec.ConnectionVariable}");
            yield return ("lock", "database advisory lock; a concurrent run waits");
        }
        yield return ("gate", "a failed migration stops the release before any service is touched");
    }
}

public sealed record DeployEcsServiceStep(string Id, IReadOnlyList<string> DependsOn, string Cluster, EcsServiceSpec Service, ImageRef? Image) : Step(Id, DependsOn)
{
    /// <summary>For a rollback: the task definition ARN the target release recorded, deployed as it is.</summary>
    public string? RecordedTaskDefinition { get; init; }

    public override string Provider => "ecs";
    public override string Summary => $"deploy ECS service '{Service.Name}' on cluster {Cluster} ({Naming(Service.Strategy)})";
    public override IEnumerable<(string, string)> Details()
    {
        yield return ("image", Image?.ToString() ?? Service.ImageUri!);
        yield return ("task definition", RecordedTaskDefinition is { } recorded
            ? $"{recorded} as recorded (rollback: image, environment and secrets as they were)"
            : Service.TaskDefinition ?? "live task definition as template");
        if (Service.Command.Count > 0) yield return ("command", string.Join(' ', Service.Command));
        foreach (var (key, value) in Service.Environment) yield return ($"env {key}", value);
        foreach (var (key, value) in Service.Secrets) yield return ($"secret {key}", value.ToString());
        if (Service.DesiredCount is { } count) yield return ("desired count", count.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (Service.MinimumHealthyPercent is not null || Service.MaximumPercent is not null)
            yield return ("healthy range", $"{Service.MinimumHealthyPercent?.ToString() ?? "live"}% – {Service.MaximumPercent?.ToString() ?? "live"}%");
        if (Service.BakeMinutes is { } bake) yield return ("bake", $"{bake} min");
        if (Service.CanaryPercent is { } canary) yield return ("canary", $"{canary}%");
        if (Service.StepPercent is { } step) yield return ("step", $"{step}%");
        yield return ("circuit breaker", Service.CircuitBreaker ? "rollback on failure" : "off");
        if (Service.Alarms.Count > 0) yield return ("alarms", string.Join(", ", Service.Alarms));
        yield return ("wait", $"service deployment until terminal, at most {Service.TimeoutMinutes} min" +
                              (Service.RollbackOnTimeout ? ", then stop with rollback" : ", then leave it running"));
    }

    private static string Naming(EcsStrategy strategy) => Text.Naming.CamelCase(strategy.ToString());
}

public sealed record DeploySamStackStep(string Id, IReadOnlyList<string> DependsOn, SamStackSpec Stack, string Region) : Step(Id, DependsOn)
{
    public override string Provider => "sam";
    public override string Summary => $"deploy SAM stack '{Stack.Stack}' from {Stack.Template} in {Region}";
    public override IEnumerable<(string, string)> Details()
    {
        foreach (var (key, value) in Stack.Parameters) yield return ($"parameter {key}", value);
        yield return ("capabilities", string.Join(' ', Stack.Capabilities));
        yield return ("no changes", "reported as Unchanged, not as a failure");
    }
}

public sealed record DeployAmplifyAppStep(string Id, IReadOnlyList<string> DependsOn, AmplifyAppSpec App) : Step(Id, DependsOn)
{
    public override string Provider => "amplify";
    public override string Summary => $"deploy {App.Artifact} to Amplify app {App.AppId} branch {App.Branch}";
    public override IEnumerable<(string, string)> Details()
    {
        if (App.Build is not null) yield return ("build", App.Build);
        yield return ("package", "contents of the folder at the zip root (index.html checked)");
        yield return ("verify", App.Url ?? $"https://{App.Branch}.{App.AppId}.amplifyapp.com");
    }
}

public sealed record DeployVercelProjectStep(string Id, IReadOnlyList<string> DependsOn, VercelProjectSpec Project) : Step(Id, DependsOn)
{
    public override string Provider => "vercel";
    public override string Summary => $"deploy {Project.Directory} to Vercel project '{Project.Project}'" +
                                      (Project.Team is null ? "" : $" (team {Project.Team})") +
                                      (Project.Production ? " and promote to production" : " as a preview");
    public override IEnumerable<(string, string)> Details()
    {
        if (Project.Prebuilt) yield return ("prebuilt", ".vercel/output");
        foreach (var alias in Project.Aliases) yield return ("alias", alias);
        foreach (var (key, value) in Project.Env) yield return ($"env {key}", value);
    }
}

public sealed record DeployStaticSiteStep(string Id, IReadOnlyList<string> DependsOn, StaticSiteSpec Site) : Step(Id, DependsOn)
{
    public override string Provider => "s3";
    public override string Summary => $"upload {Site.Directory} to s3://{Site.Bucket}/{Site.Prefix}" +
                                      (Site.DistributionId is null ? "" : $" and invalidate CloudFront {Site.DistributionId}");
    public override IEnumerable<(string, string)> Details()
    {
        if (Site.Build is not null) yield return ("build", Site.Build);
        yield return ("cache-control", Site.CacheControl + " (index.html: no-cache)");
        yield return ("prune", Site.Prune ? "delete objects no longer in the folder" : "keep old objects");
    }
}

public sealed record DeployHomeServerStep(string Id, IReadOnlyList<string> DependsOn, HomeServerSpec Server, IReadOnlyDictionary<string, string> Images) : Step(Id, DependsOn)
{
    public override string Provider => "ssh";
    public override string Summary => $"blue/green deploy to {Server.User}@{Server.Host}:{Server.Port} behind {Text.Naming.CamelCase(Server.Proxy.Kind.ToString())}";
    public override IEnumerable<(string, string)> Details()
    {
        yield return ("host key", Server.HostKey);
        foreach (var service in Server.Services)
            yield return ($"service {service.Name}", $"{Images[service.Name]} port {service.Port}, health {service.HealthPath}" +
                                                     (service.Domain is null ? "" : $", {service.Domain}"));
        yield return ("switch", "health-gated, then drain the old container; on failure the old one keeps serving");
    }
}

public sealed record VerifyStep(string Id, IReadOnlyList<string> DependsOn, IReadOnlyList<VerifySpec> Checks) : Step(Id, DependsOn)
{
    public override string Provider => "http";
    public override string Summary => $"verify {Checks.Count} public URL(s)";
    public override IEnumerable<(string, string)> Details() =>
        Checks.Select(c => (c.Name, $"GET {c.Url} → {c.ExpectStatus}" + (c.Contains is null ? "" : $" containing \"{c.Contains}\"") + $" within {c.TimeoutSeconds}s"));
}
