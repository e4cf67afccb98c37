using Deployer.Config;
using Deployer.Text;

namespace Deployer.Planning;

/// <summary>What the planner needs beside the description.</summary>
/// <param name="Environment">Environment to deploy.</param>
/// <param name="GitSha">Commit being released; images are tagged with it.</param>
/// <param name="Mode">Release, promotion or rollback.</param>
/// <param name="Source">
/// The recorded release a promotion or rollback ships again: its commit and image digests replace
/// <paramref name="GitSha"/> and the tags. Null for a release, and in a dry run that could not read the ledger.
/// </param>
public sealed record PlanInputs(string Environment, string GitSha, PlanMode Mode = PlanMode.Release, Releases.LedgerEntry? Source = null);

/// <summary>Thrown for a request the description cannot satisfy (unknown environment, no source to promote from).</summary>
public sealed class PlanningException(string message) : Exception(message);

/// <summary>Turns a description and inputs into a plan. Pure: no I/O, no clock.</summary>
public static class Planner
{
    public static DeployPlan Plan(DeployDescription description, PlanInputs inputs)
    {
        if (!description.Environments.TryGetValue(inputs.Environment, out var env))
            throw new PlanningException(
                $"Environment '{inputs.Environment}' is not defined in the deploy description{Suggestion.DidYouMean(inputs.Environment, description.Environments.Keys)}. " +
                $"Defined: {string.Join(", ", description.Environments.Keys)}.");
        if (inputs.Mode == PlanMode.Promotion && env.PromotesFrom is null)
            throw new PlanningException($"Environment '{inputs.Environment}' has no 'promotesFrom', so there is nothing to promote into it.");

        var steps = new List<Step>();
        var images = ImagesUsed(description, env);
        var registry = env.Registry ?? new RegistrySpec();
        var source = inputs.Mode == PlanMode.Release ? null : inputs.Source;
        var gitSha = source?.Release.GitSha ?? inputs.GitSha;
        var imageRefs = images.ToDictionary(name => name, name => Reference(description, env, registry, name, gitSha));
        if (source is not null)
            foreach (var name in images)
                if (!source.Release.Images.ContainsKey(name))
                    throw new PlanningException(
                        $"Release {source.Id} of {source.Release.Environment} has no image '{name}', which {inputs.Environment} deploys; it cannot be {(inputs.Mode == PlanMode.Promotion ? "promoted" : "restored")}.");
        if (inputs.Mode == PlanMode.Rollback && source is not null)
            // A rollback ships the recorded digests as they are: nothing is built, pushed or retagged.
            imageRefs = imageRefs.ToDictionary(x => x.Key, x => x.Value with { Digest = Digest(source.Release.Images[x.Key]) });

        var artifactSteps = new List<string>();
        foreach (var name in images)
        {
            var image = imageRefs[name];
            switch (inputs.Mode)
            {
                case PlanMode.Release:
                    var build = new BuildImageStep(StepIds.BuildImage(name), [], image, description.Images[name], inputs.GitSha);
                    var push = new PushImageStep(StepIds.PushImage(name), [build.Id], image, registry.Kind);
                    steps.AddRange([build, push]);
                    artifactSteps.Add(push.Id);
                    break;
                case PlanMode.Promotion:
                    var promote = new PromoteImageStep(StepIds.PromoteImage(name), [], image, env.PromotesFrom!,
                        source?.Release.Images[name], source?.Id);
                    steps.Add(promote);
                    artifactSteps.Add(promote.Id);
                    break;
            }
        }

        var gate = new List<string>(artifactSteps);
        if (inputs.Mode != PlanMode.Rollback && description.Migrations is { } migrations && env.Database is { } database)
        {
            var migrateDeps = new List<string>(artifactSteps);
            if (database.Snapshot is { Enabled: true } snapshot)
            {
                var snap = new SnapshotDatabaseStep("snapshot-database", [], snapshot.Instance);
                steps.Add(snap);
                migrateDeps.Add(snap.Id);
            }
            var taskImage = migrations.RunOn == MigrationRunner.EcsTask && migrations.Image is { } img ? imageRefs[img] : null;
            var taskService = taskImage is null ? null : migrations.Service ?? env.Services.First(s => s.Image == migrations.Image).Name;
            var migrate = new MigrateStep("migrate", migrateDeps, migrations, database.Connection, taskImage, env.Cluster, taskService);
            steps.Add(migrate);
            // Everything that serves traffic waits for the schema; a failed migration touches no service.
            gate = [migrate.Id];
        }

        var deploys = new List<string>();
        void AddDeploy(Step step) { steps.Add(step); deploys.Add(step.Id); }
        foreach (var service in env.Services)
        {
            var image = service.Image is { } i ? imageRefs[i] : null;
            AddDeploy(new DeployEcsServiceStep($"deploy-ecs:{service.Name}", gate, service.Cluster ?? env.Cluster!, service, image)
            {
                RecordedTaskDefinition = inputs.Mode == PlanMode.Rollback ? source?.Release.TaskDefinitions.GetValueOrDefault(service.Name) : null,
            });
        }
        foreach (var stack in env.Sam)
            AddDeploy(new DeploySamStackStep($"deploy-sam:{stack.Stack}", gate, stack, env.Aws!.Region));
        foreach (var app in env.Amplify)
            AddDeploy(new DeployAmplifyAppStep($"deploy-amplify:{app.AppId}/{app.Branch}", gate, app));
        foreach (var project in env.Vercel)
            AddDeploy(new DeployVercelProjectStep($"deploy-vercel:{project.Project}", gate, project));
        foreach (var site in env.StaticSites)
            AddDeploy(new DeployStaticSiteStep($"deploy-static-site:{site.Name}", gate, site));
        foreach (var server in env.HomeServers)
        {
            var serviceImages = server.Services.ToDictionary(s => s.Name, s => s.Image is { } i ? imageRefs[i].ToString() : s.ImageUri!);
            AddDeploy(new DeployHomeServerStep($"deploy-home-server:{server.Host}", gate, server, serviceImages));
        }
        if (env.Verify.Count > 0)
            steps.Add(new VerifyStep("verify", deploys.Count > 0 ? deploys : gate, env.Verify));

        return new DeployPlan(description.App, inputs.Environment, gitSha, inputs.Mode, env.Aws, steps) { Source = source };
    }

    /// <summary>Images this environment deploys, in the order the description declares them.</summary>
    private static IReadOnlyList<string> ImagesUsed(DeployDescription d, EnvironmentSpec env)
    {
        var used = new HashSet<string>(StringComparer.Ordinal);
        foreach (var s in env.Services) if (s.Image is { } i) used.Add(i);
        foreach (var s in env.HomeServers.SelectMany(h => h.Services)) if (s.Image is { } i) used.Add(i);
        if (d.Migrations is { RunOn: MigrationRunner.EcsTask, Image: { } m } && env.Database is not null) used.Add(m);
        return d.Images.Keys.Where(used.Contains).ToArray();
    }

    /// <summary>The digest of a pinned reference, <c>repository@sha256:…</c>.</summary>
    private static string Digest(string pinned) =>
        pinned.LastIndexOf('@') is var at and > 0 ? pinned[(at + 1)..] : throw new PlanningException($"'{pinned}' is not pinned by digest");

    private static ImageRef Reference(DeployDescription d, EnvironmentSpec env, RegistrySpec registry, string name, string gitSha)
    {
        var repository = d.Images[name].Repository ?? $"{d.App}-{name}";
        var host = registry.Kind switch
        {
            RegistryKind.Ecr => $"{env.Aws!.Account}.dkr.ecr.{env.Aws.Region}.amazonaws.com",
            RegistryKind.Oci => registry.Server!.TrimEnd('/'),
            _ => "local",
        };
        return new ImageRef(name, $"{host}/{repository}", gitSha);
    }
}
