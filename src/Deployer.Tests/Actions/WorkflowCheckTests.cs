using CliWrap;
using CliWrap.Buffered;
using Deployer.Tests.Support;
using Deployer.Tests.Support.Actions;

namespace Deployer.Tests.Actions;

/// <summary>tools/check-workflows.mjs: GitHub's own parser on every workflow and action.yml, actionlint on every workflow.</summary>
public class WorkflowCheckTests
{
    private static async Task<BufferedCommandResult> CheckAsync(params string[] files)
    {
        var node = NodeTools.Require();
        Assert.True(Directory.Exists(Repository.PathOf("node_modules", "@actions", "workflow-parser")), "npm packages are missing: run `npm ci` in the repository root");
        return await Cli.Wrap(node)
            .WithArguments(["tools/check-workflows.mjs", .. files])
            .WithWorkingDirectory(Repository.Root)
            .WithValidation(CommandResultValidation.None)
            .ExecuteBufferedAsync();
    }

    [Fact]
    public async Task GitHubs_parser_and_actionlint_accept_every_workflow_and_action()
    {
        var result = await CheckAsync();

        Assert.True(result.ExitCode == 0, result.StandardOutput + result.StandardError);
        foreach (var file in ActionFile.Workflows().Concat(ActionFile.Actions().Values))
            Assert.Contains($"ok {ActionFile.Relative(file)}", result.StandardOutput);
    }

    [Fact]
    public async Task The_checks_find_injection_unknown_keys_missing_shells_and_wrong_reusable_workflow_inputs()
    {
        var directory = Directory.CreateTempSubdirectory("deployer-checks-").FullName;
        try
        {
            var workflow = Path.Combine(directory, "broken.yml");
            await File.WriteAllTextAsync(workflow, """
                on: pull_request
                jobs:
                  plan:
                    runs-on: ubuntu-24.04
                    enviroment: staging
                    steps:
                      - run: echo "${{ github.event.pull_request.title }}"
                """);
            // A caller of one of the reusable workflows here, with a misspelt input and required ones missing.
            var caller = Path.Combine(directory, "caller.yml");
            await File.WriteAllTextAsync(caller, """
                on: pull_request
                jobs:
                  call:
                    uses: ./.github/workflows/release.yml
                    with:
                      deployer-repository: acme/deployer
                      deployer-ref: v1
                      environment: staging
                      mdoe: deploy
                """);
            var action = Path.Combine(directory, "action.yml");
            await File.WriteAllTextAsync(action, """
                name: broken
                description: a composite step without its shell
                runs:
                  using: composite
                  steps:
                    - run: echo hello
                """);

            var result = await CheckAsync(workflow, caller, action);

            Assert.Equal(1, result.ExitCode);
            var text = result.StandardOutput;
            Assert.Contains("\"github.event.pull_request.title\" is potentially untrusted", text);
            Assert.Contains("[actionlint expression]", text);
            Assert.Contains("Unexpected value 'enviroment' [workflow-parser]", text);
            Assert.Contains("Required property is missing: shell [workflow-parser]", text);
            Assert.Contains($"{caller}:9:13: Invalid input, mdoe is not defined in the referenced workflow. [workflow-parser]", text);
            Assert.Contains($"{caller}:4:11: Input mode is required, but not provided while calling. [workflow-parser]", text);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
