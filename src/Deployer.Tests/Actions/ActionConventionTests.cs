using System.Text.RegularExpressions;
using Deployer.Tests.Support;
using Deployer.Tests.Support.Actions;
using YamlDotNet.RepresentationModel;

namespace Deployer.Tests.Actions;

/// <summary>
/// What GitHub's parser and actionlint do not check (they do not look inside composite actions, nor at our
/// conventions), checked on every action.yml and workflow. Each failure names its file and line.
/// </summary>
public partial class ActionConventionTests
{
    /// <summary>Every step of every action and workflow, with the file it is in and the job it belongs to (null in actions).</summary>
    private static IEnumerable<(string File, string? Job, YamlMappingNode Step)> AllSteps()
    {
        foreach (var (_, file) in ActionFile.Actions())
            foreach (var step in ActionFile.Load(file).Map("runs")?.Sequence("steps")?.Children.OfType<YamlMappingNode>() ?? [])
                yield return (file, null, step);
        foreach (var file in ActionFile.Workflows())
            foreach (var (job, node) in ActionFile.Load(file).Map("jobs").Entries())
                foreach (var step in ((YamlMappingNode)node).Sequence("steps")?.Children.OfType<YamlMappingNode>() ?? [])
                    yield return (file, job, step);
    }

    private static void AssertNone(IEnumerable<string> problems)
    {
        var list = problems.ToList();
        Assert.True(list.Count == 0, string.Join('\n', list));
    }

    [Fact]
    public void The_repository_has_the_actions_and_workflows_these_checks_are_about()
    {
        Assert.Equal(["build-and-push", "deploy", "dry-run", "migrate", "promote", "rollback", "test"], ActionFile.Actions().Keys);
        Assert.Equal(["authorworks.yml", "ci.yml", "community.yml", "mdreader.yml", "release.yml", "saas.yml", "scribe.yml"], ActionFile.Workflows().Select(Path.GetFileName));
    }

    [Fact]
    public void No_script_has_an_expression_inside_it_values_reach_scripts_through_env()
    {
        AssertNone(AllSteps()
            .Where(s => s.Step.Scalar("run")?.Contains("${{", StringComparison.Ordinal) == true)
            .Select(s => $"{ActionFile.Place(s.File, s.Step)}: ${{{{ }}}} inside run: (script injection); pass the value through env:"));
    }

    [Fact]
    public void Every_run_step_names_its_shell()
    {
        AssertNone(AllSteps()
            .Where(s => s.Step.Has("run") && !s.Step.Has("shell"))
            .Select(s => $"{ActionFile.Place(s.File, s.Step)}: run step without shell:"));
    }

    [Fact]
    public void Third_party_actions_are_pinned_to_a_full_commit_sha_with_the_version_in_a_comment()
    {
        var problems = new List<string>();
        foreach (var file in ActionFile.Actions().Values.Concat(ActionFile.Workflows()))
        {
            var lines = File.ReadAllLines(file);
            for (var i = 0; i < lines.Length; i++)
            {
                var match = UsesLine().Match(lines[i]);
                if (!match.Success || match.Groups["ref"].Value.StartsWith("./", StringComparison.Ordinal)) continue;
                if (!PinnedRef().IsMatch(match.Groups["ref"].Value))
                    problems.Add($"{ActionFile.Relative(file)}:{i + 1}: {match.Groups["ref"].Value} is not pinned to a 40-hex commit sha");
                else if (!match.Groups["comment"].Value.StartsWith("# v", StringComparison.Ordinal))
                    problems.Add($"{ActionFile.Relative(file)}:{i + 1}: say which version the sha is, in a `# vX.Y.Z` comment");
            }
        }
        AssertNone(problems);
    }

    [Fact]
    public void Every_input_and_output_has_a_description()
    {
        var problems = new List<string>();
        void Check(string file, YamlMappingNode? section, string kind)
        {
            foreach (var (name, node) in section.Entries())
                if (node is not YamlMappingNode map || string.IsNullOrWhiteSpace(map.Scalar("description")))
                    problems.Add($"{ActionFile.Place(file, node)}: {kind} '{name}' has no description");
        }
        foreach (var file in ActionFile.Actions().Values)
        {
            var action = ActionFile.Load(file);
            if (string.IsNullOrWhiteSpace(action.Scalar("description"))) problems.Add($"{ActionFile.Relative(file)}: the action has no description");
            Check(file, action.Map("inputs"), "input");
            Check(file, action.Map("outputs"), "output");
        }
        foreach (var file in ActionFile.Workflows())
        {
            var on = ActionFile.Load(file).Map("on");
            Check(file, on?.Map("workflow_call")?.Map("inputs"), "input");
            Check(file, on?.Map("workflow_call")?.Map("outputs"), "output");
            Check(file, on?.Map("workflow_dispatch")?.Map("inputs"), "input");
        }
        AssertNone(problems);
    }

    [Fact]
    public void Local_actions_get_only_inputs_they_declare_and_every_required_one_without_a_default()
    {
        var actions = ActionFile.Actions().ToDictionary(a => a.Key, a => ActionFile.Load(a.Value).Map("inputs"));
        var problems = new List<string>();
        var uses = 0;
        foreach (var (file, _, step) in AllSteps())
        {
            if (step.Scalar("uses") is not { } reference || LocalAction().Match(reference) is not { Success: true } match) continue;
            uses++;
            var name = match.Groups["name"].Value;
            if (!actions.TryGetValue(name, out var inputs))
            {
                problems.Add($"{ActionFile.Place(file, step)}: {reference}: there is no actions/{name}/action.yml");
                continue;
            }
            var given = step.Map("with").Entries().Select(e => e.Key).ToHashSet();
            foreach (var key in given.Where(k => !inputs.Entries().Any(i => i.Key == k)))
                problems.Add($"{ActionFile.Place(file, step)}: {reference} has no input '{key}'");
            foreach (var (input, node) in inputs.Entries())
            {
                var definition = (YamlMappingNode)node;
                if (definition.Scalar("required") == "true" && !definition.Has("default") && !given.Contains(input))
                    problems.Add($"{ActionFile.Place(file, step)}: {reference} needs input '{input}'");
            }
        }
        Assert.True(uses > 5, $"only {uses} local action uses found; is the pattern right?");
        AssertNone(problems);
    }

    [Fact]
    public void Jobs_that_change_an_environment_have_an_environment_a_concurrency_group_that_never_cancels_and_oidc()
    {
        string[] changing = ["deploy", "promote", "rollback", "migrate"];
        var problems = new List<string>();
        var deployJobs = 0;
        foreach (var file in ActionFile.Workflows())
        {
            foreach (var (name, node) in ActionFile.Load(file).Map("jobs").Entries())
            {
                var job = (YamlMappingNode)node;
                var steps = job.Sequence("steps")?.Children.OfType<YamlMappingNode>().ToArray() ?? [];
                // A deploy that runs only for a pull request and comments on it is its previews: a pull_request run
                // deploys previews only and records no release, so it changes no environment (release.yml's plan job).
                var changes = steps.Any(s => s.Scalar("uses") is { } u && LocalAction().Match(u) is { Success: true } m
                    && !(m.Groups["name"].Value == "deploy" && s.Map("with")?.Scalar("comment-on-pr") == "true"
                         && s.Scalar("if") is { } condition && condition.Contains("github.event_name == 'pull_request'", StringComparison.Ordinal))
                    && (changing.Contains(m.Groups["name"].Value) || (m.Groups["name"].Value == "build-and-push" && s.Map("with")?.Scalar("push") != "false"
                        // A pull request's scan check pushes its commit's image to ECR for the scan: no environment runs it.
                        && s.Scalar("if") != "inputs.scan-images")));
                if (!changes) continue;
                deployJobs++;
                var place = ActionFile.Place(file, job);
                if (!job.Has("environment")) problems.Add($"{place}: job '{name}' deploys but has no environment:");
                var concurrency = job.Map("concurrency");
                if (concurrency?.Scalar("group") is not { } group)
                    problems.Add($"{place}: job '{name}' deploys but has no concurrency group");
                else if (!group.Contains("staging") && !group.Contains("production") && !group.Contains("dev") && !group.Contains("environment"))
                    problems.Add($"{place}: job '{name}': its concurrency group '{group}' is not per environment");
                if (concurrency?.Scalar("cancel-in-progress") != "false")
                    problems.Add($"{place}: job '{name}': a new run must queue behind a deploy in progress, not cancel it (cancel-in-progress: false)");
                if (job.Map("permissions")?.Scalar("id-token") != "write")
                    problems.Add($"{place}: job '{name}' deploys but lacks permissions: id-token: write (Deployer assumes aws.role through OIDC)");
                // The approval the environment's reviewers gave is the only --yes: a job without an environment never passes it.
                foreach (var step in steps.Where(s => s.Map("with")?.Scalar("approved") == "true" && !job.Has("environment")))
                    problems.Add($"{ActionFile.Place(file, step)}: approved: 'true' outside a job of a GitHub environment");
            }
        }
        Assert.True(deployJobs >= 1, $"only {deployJobs} deploy jobs found");
        AssertNone(problems);
    }

    [Fact]
    public void The_role_is_written_once_in_the_description_no_workflow_assumes_it_separately()
    {
        AssertNone(ActionFile.Workflows()
            .SelectMany(file => File.ReadAllLines(file).Select((line, i) => (file, line, i)))
            .Where(l => l.line.Contains("configure-aws-credentials", StringComparison.Ordinal) || l.line.Contains("role-to-assume", StringComparison.Ordinal))
            .Select(l => $"{ActionFile.Relative(l.file)}:{l.i + 1}: the role is the description's aws.role; Deployer assumes it"));
    }

    [Fact]
    public void Every_seed_pipeline_only_says_when_each_of_its_jobs_calls_the_reusable_release_workflow()
    {
        var problems = new List<string>();
        foreach (var file in ActionFile.Workflows().Where(f => Path.GetFileName(f) is not ("ci.yml" or "release.yml")))
            foreach (var (name, node) in ActionFile.Load(file).Map("jobs").Entries())
            {
                var job = (YamlMappingNode)node;
                if (job.Scalar("uses") != "./.github/workflows/release.yml" || job.Has("steps"))
                    problems.Add($"{ActionFile.Place(file, job)}: job '{name}' must only call ./.github/workflows/release.yml");
                if (job.Scalar("if") is null)
                    problems.Add($"{ActionFile.Place(file, job)}: job '{name}' must say when it runs (if:)");
            }
        AssertNone(problems);
    }

    [Fact]
    public void Every_action_output_is_a_step_output_of_that_action_and_every_input_is_used()
    {
        var problems = new List<string>();
        foreach (var (name, file) in ActionFile.Actions())
        {
            var action = ActionFile.Load(file);
            var text = File.ReadAllText(file);
            var steps = action.Map("runs")!.Sequence("steps")!.Children.OfType<YamlMappingNode>().ToArray();
            var ids = steps.Select(s => s.Scalar("id")).Where(id => id is not null).ToHashSet();
            foreach (var (output, node) in action.Map("outputs").Entries())
            {
                var value = ((YamlMappingNode)node).Scalar("value") ?? "";
                var match = StepOutput().Match(value);
                if (!match.Success || !ids.Contains(match.Groups["id"].Value))
                    problems.Add($"{ActionFile.Place(file, node)}: output '{output}' is not ${{{{ steps.<id>.outputs.<name> }}}} of a step of {name}");
            }
            foreach (var (input, node) in action.Map("inputs").Entries())
                if (!text.Contains($"inputs.{input} }}}}", StringComparison.Ordinal))
                    problems.Add($"{ActionFile.Place(file, node)}: input '{input}' is never used");
        }
        AssertNone(problems);
    }

    [Fact]
    public void Every_action_checks_its_inputs_first_then_shares_one_setup_of_dotnet_and_the_build_cache()
    {
        var setups = new Dictionary<string, string>();
        foreach (var (name, file) in ActionFile.Actions())
        {
            var steps = ActionFile.Load(file).Map("runs")!.Sequence("steps")!.Children.OfType<YamlMappingNode>().ToArray();
            Assert.True(steps[0].Scalar("name") == "Check inputs" && steps[0].Scalar("run")!.Contains("deployer_check_done"), $"{name}: the first step must check the inputs");
            Assert.Equal("deployer", steps[^1].Scalar("id"));
            Assert.Contains("deployer_run ", steps[^1].Scalar("run"));
            setups[name] = string.Join("\n---\n", steps[1..^1].Select(Yaml));
        }
        Assert.Single(setups.Values.Distinct());
        Assert.Contains("actions/setup-dotnet@", setups.Values.First());
        Assert.Contains("actions/cache@", setups.Values.First());
    }

    private static string Yaml(YamlNode node)
    {
        using var writer = new StringWriter();
        new YamlStream(new YamlDocument(node)).Save(writer, assignAnchors: false);
        return writer.ToString();
    }

    [Fact]
    public void The_dotnet_the_actions_install_is_the_one_global_json_asks_for()
    {
        var action = ActionFile.Load(ActionFile.Actions()["deploy"]);
        var setup = action.Map("runs")!.Sequence("steps")!.Children.OfType<YamlMappingNode>().Single(s => s.Scalar("uses")?.StartsWith("actions/setup-dotnet@") == true);
        var version = setup.Map("with")!.Scalar("dotnet-version")!;
        using var globalJson = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Repository.PathOf("global.json")));
        var sdk = globalJson.RootElement.GetProperty("sdk").GetProperty("version").GetString()!;
        Assert.Equal(string.Join('.', sdk.Split('.')[..2]) + ".x", version);
        Assert.Equal("latestFeature", globalJson.RootElement.GetProperty("sdk").GetProperty("rollForward").GetString());
    }

    [Fact]
    public void Promote_and_rollback_publish_the_release_ledger_outputs_the_integrator_wires()
    {
        string[] ledger = ["outcome", "exit-code", "release-id", "images", "digests", "task-definitions", "url", "result-file"];
        foreach (var name in new[] { "promote", "rollback" })
            Assert.Equal(ledger, ActionFile.Load(ActionFile.Actions()[name]).Map("outputs").Entries().Select(e => e.Key));
        // The names Deployer writes for them are mapped in one table of the shared library.
        var library = File.ReadAllText(Repository.PathOf("actions", "lib", "outputs.sh"));
        Assert.Contains("\"release-id=release-id\"", library);
        Assert.Contains("\"environment-url=url\"", library);
    }

    [GeneratedRegex(@"^\s*(-\s+)?uses:\s*(?<ref>\S+)\s*(?<comment>#.*)?$")]
    private static partial Regex UsesLine();

    [GeneratedRegex(@"^[A-Za-z0-9_.-]+/[A-Za-z0-9_./-]+@[0-9a-f]{40}$")]
    private static partial Regex PinnedRef();

    // ./actions/x in this repository; ./deployer/actions/x where a reusable workflow checked Deployer out next to the app.
    [GeneratedRegex(@"^\./(deployer/)?actions/(?<name>[a-z0-9-]+)$")]
    private static partial Regex LocalAction();

    [GeneratedRegex(@"^\$\{\{\s*steps\.(?<id>[A-Za-z0-9_-]+)\.outputs\.(?<name>[A-Za-z0-9_-]+)\s*\}\}$")]
    private static partial Regex StepOutput();
}
