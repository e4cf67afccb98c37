using Deployer.Execution;
using Deployer.Planning;

namespace Deployer.Releases;

/// <summary>
/// The release record of a finished run, read off its step results: pinned images from push and promote (or the
/// recorded digests a rollback shipped), task definitions now serving, the migration applied and the URLs verified. Pure.
/// </summary>
public static class ReleaseFacts
{
    public static Release From(ReleaseResult result, string? replaces = null)
    {
        var plan = result.Plan;
        var images = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var taskDefinitions = new SortedDictionary<string, string>(StringComparer.Ordinal);
        MigrationRecord? migration = null;
        var urls = new List<string>();
        foreach (var record in result.Steps)
        {
            var outputs = record.Result.Outputs;
            switch (record.Step)
            {
                case PushImageStep or PromoteImageStep when outputs.TryGetValue("image", out var image):
                    images[ImageName(record.Step)] = image;
                    break;
                case DeployEcsServiceStep deploy:
                    if (deploy.Image?.Pinned is { } pinned) images.TryAdd(deploy.Image.Name, pinned);
                    if (outputs.TryGetValue("task-definition", out var arn)) taskDefinitions[deploy.Service.Name] = arn;
                    break;
                case MigrateStep migrate when record.Result.Outcome is Outcome.Succeeded or Outcome.Unchanged or Outcome.Failed:
                    migration = new MigrationRecord(Text.Naming.CamelCase(migrate.Spec.Tool.ToString()),
                        Revision(outputs.GetValueOrDefault("before")), Revision(outputs.GetValueOrDefault("after")),
                        outputs.TryGetValue("applied", out var applied) ? applied.Split(' ', StringSplitOptions.RemoveEmptyEntries) : []);
                    break;
                case VerifyStep verify:
                    urls.AddRange(verify.Checks.Select(c => c.Url));
                    break;
            }
        }
        return new Release(plan.App, plan.Environment, plan.GitSha, plan.Mode, images, taskDefinitions, migration, urls,
            plan.Source?.Id, replaces);
    }

    /// <summary>The status GitHub shows for the outcome: only a release that ended as asked is a success.</summary>
    public static ReleaseStatus StatusOf(Outcome outcome) =>
        outcome is Outcome.Succeeded or Outcome.Unchanged ? ReleaseStatus.Success : ReleaseStatus.Failure;

    private static string ImageName(Step step) => step switch
    {
        PushImageStep push => push.Image.Name,
        PromoteImageStep promote => promote.Image.Name,
        _ => throw new ArgumentOutOfRangeException(nameof(step)),
    };

    private static string? Revision(string? value) => value is null or "base" ? null : value;
}
