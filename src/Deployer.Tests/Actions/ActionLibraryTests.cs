using CliWrap;
using CliWrap.Buffered;
using Deployer.Tests.Support;
using Deployer.Tests.Support.Actions;

namespace Deployer.Tests.Actions;

/// <summary>The functions of actions/lib/deployer.sh on their own, in bash, as the action steps call them.</summary>
public sealed class ActionLibraryTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("deployer-lib-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private async Task<(int ExitCode, string Out, Dictionary<string, string> Outputs)> BashAsync(string script, params (string Name, string Value)[] environment)
    {
        var outputs = Path.Combine(_directory, "github_output");
        await File.WriteAllTextAsync(outputs, "");
        var variables = new Dictionary<string, string?>
        {
            ["GITHUB_ACTION_PATH"] = Repository.PathOf("actions", "deploy"),
            ["GITHUB_OUTPUT"] = outputs,
            ["RUNNER_OS"] = "Linux",
        };
        foreach (var (name, value) in environment) variables[name] = value;
        var result = await Cli.Wrap("bash")
            .WithArguments(["--noprofile", "--norc", "-eo", "pipefail", "-c", $"source \"$GITHUB_ACTION_PATH/../lib/deployer.sh\"\n{script}"])
            .WithEnvironmentVariables(variables)
            .WithWorkingDirectory(_directory)
            .WithValidation(CommandResultValidation.None)
            .ExecuteBufferedAsync();
        return (result.ExitCode, result.StandardOutput + result.StandardError, OutputFile.Parse(outputs));
    }

    [Fact]
    public async Task Deployers_outputs_pass_through_and_the_ledgers_are_renamed()
    {
        var written = Path.Combine(_directory, "written");
        await File.WriteAllTextAsync(written, """
            push-image-backend-image=1.dkr.ecr.us-east-1.amazonaws.com/saas-backend@sha256:aaa
            push-image-backend-digest=sha256:aaa
            images={"backend":"1.dkr.ecr.us-east-1.amazonaws.com/saas-backend@sha256:aaa"}
            digests={"backend":"sha256:aaa","my-worker":"sha256:bbb"}
            task-definitions={"api":"arn:aws:ecs:us-east-1:1:task-definition/api:7"}
            migration-before=a1
            release-id=4242
            environment-url=https://app.example.com/
            plan<<DEPLOYER_EOF_1
            Plan: saas → staging
              "quoted" \back\slash
            DEPLOYER_EOF_1
            outcome=Succeeded

            """);

        var resultFile = Path.Combine(_directory, "result.json");
        var (exitCode, output, outputs) = await BashAsync($"deployer_publish_outputs '{written}' 0 '{resultFile}'");

        Assert.True(exitCode == 0, output);
        Assert.Equal("""{"backend":"1.dkr.ecr.us-east-1.amazonaws.com/saas-backend@sha256:aaa"}""", outputs["images"]);
        Assert.Equal("""{"backend":"sha256:aaa","my-worker":"sha256:bbb"}""", outputs["digests"]);
        Assert.Equal("""{"api":"arn:aws:ecs:us-east-1:1:task-definition/api:7"}""", outputs["task-definitions"]);
        Assert.Equal("Plan: saas → staging\n  \"quoted\" \\back\\slash", outputs["plan"]);
        Assert.Equal("4242", outputs["release-id"]);
        Assert.Equal("https://app.example.com/", outputs["url"]);
        Assert.Equal("a1", outputs["migration-before"]);
        Assert.Equal("Succeeded", outputs["outcome"]);
        Assert.Equal("0", outputs["exit-code"]);
        Assert.Equal(resultFile, outputs["result-file"]);
    }

    [Theory]
    [InlineData("all", "staging", "DeployStaging")]
    [InlineData("", "production", "DeployProduction")]
    [InlineData("ecs", "dev", "DeployEcs")]
    [InlineData("static-site", "production", "DeployStaticSite")]
    [InlineData("home-server", "production", "DeployHomeServer")]
    [InlineData("all", "dev", "Deploy")]
    [InlineData("vercel", "staging", "DeployVercel")]
    [InlineData("kubernetes", "staging", "")]
    [InlineData("Ecs", "staging", "")]
    [InlineData("ecs;rm", "staging", "")]
    public async Task Deploy_targets_map_onto_build_targets(string target, string environment, string expected)
    {
        var (exitCode, output, _) = await BashAsync($"deployer_deploy_target '{target}' '{environment}'");

        Assert.Equal(expected, output.Trim());
        Assert.Equal(expected == "" ? 1 : 0, exitCode);
    }

    [Fact]
    public async Task A_multi_line_secret_is_masked_line_by_line()
    {
        var (exitCode, output, _) = await BashAsync("deployer_mask \"$SECRET\"", ("SECRET", "-----BEGIN KEY-----\r\n  abc123  \n\n-----END KEY-----\n"));

        Assert.Equal(0, exitCode);
        Assert.Equal(["::add-mask::-----BEGIN KEY-----", "::add-mask::abc123", "::add-mask::-----END KEY-----"], output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task Workflow_command_data_and_properties_are_escaped_as_the_runner_unescapes_them()
    {
        var (exitCode, output, _) = await BashAsync("deployer_command error \"$MESSAGE\" file \"$FILE\" line 3",
            ("MESSAGE", "50% done\r\n::error::injected"), ("FILE", "a:b,c\n::add-mask::x"));

        Assert.Equal(0, exitCode);
        Assert.Equal("::error file=a%3Ab%2Cc%0A%3A%3Aadd-mask%3A%3Ax,line=3::50%25 done%0D%0A::error::injected\n", output);
        var command = WorkflowCommand.Parse(output.TrimEnd('\n'))!;
        Assert.Equal("50% done\r\n::error::injected", command.Data);
        Assert.Equal("a:b,c\n::add-mask::x", command.Properties["file"]);
        Assert.Equal("3", command.Properties["line"]);
    }

    [Fact]
    public async Task A_multi_line_input_in_an_input_error_stays_inside_its_one_annotation()
    {
        const string hostile = "prod\n::add-mask::x\n  ::error::injected\r\n::stop-commands::token";

        var (_, output, _) = await BashAsync("deployer_check_name environment \"$VALUE\"; deployer_check_sha git-sha \"$VALUE\"", ("VALUE", hostile));

        var commands = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => WorkflowCommand.Parse(line)!).ToArray();
        Assert.Equal(2, commands.Length); // two lines, each one command
        Assert.All(commands, command => Assert.Equal("error", command.Name));
        Assert.Equal("Invalid input 'environment'", commands[0].Properties["title"]);
        Assert.Equal($"Input 'environment' must be a name of letters, digits, '-', '_' or '.' (got '{hostile}').", commands[0].Data);
        Assert.Equal($"Input 'git-sha' must be a commit sha (got '{hostile}').", commands[1].Data);
    }

    [Fact]
    public async Task A_secret_holding_an_escape_sequence_is_masked_as_written()
    {
        var (_, output, _) = await BashAsync("deployer_mask \"$SECRET\"", ("SECRET", "tok%0Aen\nsecond%25"));

        Assert.Equal(["::add-mask::tok%250Aen", "::add-mask::second%2525"], output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(["tok%0Aen", "second%25"], output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => WorkflowCommand.Parse(line)!.Data));
    }

    [Fact]
    public async Task The_build_command_line_is_printed_shell_quoted_so_a_multi_line_input_cannot_start_a_command()
    {
        // A stand-in for this checkout of Deployer: its build.sh only succeeds, so deployer_run's own printing is what is seen.
        var root = Directory.CreateDirectory(Path.Combine(_directory, "deployer")).FullName;
        Directory.CreateDirectory(Path.Combine(root, "actions", "deploy"));
        await File.WriteAllTextAsync(Path.Combine(root, "build.sh"), "#!/bin/sh\nexit 0\n");
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(Path.Combine(root, "build.sh"), UnixFileMode.UserRead | UnixFileMode.UserExecute);

        var (exitCode, output, _) = await BashAsync($"GITHUB_ACTION_PATH='{root}/actions/deploy' deployer_run Deploy --environment dev",
            ("GITHUB_WORKSPACE", _directory), ("RUNNER_TEMP", _directory), ("INPUT_CONFIG", "deploy.yml\n::add-mask::x\n::error::injected"));

        Assert.True(exitCode == 0, output);
        Assert.Empty(output.Split('\n').Select(WorkflowCommand.Parse).OfType<WorkflowCommand>());
        Assert.Contains("Deployer: ./build.sh Deploy --environment dev --root ", output);
        Assert.Contains(" --config $'deploy.yml\\n::add-mask::x\\n::error::injected' --result-file ", output);
    }

    [Fact]
    public async Task The_cache_key_is_the_hash_build_sh_stamps_so_a_restored_build_is_started_without_compiling()
    {
        await BuildScript.EnsureCompiledAsync();
        var stamp = (await File.ReadAllTextAsync(Repository.PathOf(".nuke", "temp", "build.stamp"))).Trim();

        var (exitCode, output, outputs) = await BashAsync("deployer_cache_settings", ("HOME", "/home/runner"));

        Assert.True(exitCode == 0, output);
        Assert.Equal($"deployer-build-Linux-{stamp}", outputs["key"]);
        Assert.Equal("deployer-build-Linux-", outputs["restore-key"]);
        Assert.Equal(["/home/runner/.nuget/packages", Repository.PathOf("build", "bin"), Repository.PathOf(".nuke", "temp", "build.stamp")],
            outputs["paths"].Split('\n'));
    }

    [Fact]
    public async Task Dotnet_is_found_only_when_it_can_build_deployer()
    {
        var (_, found, outputs) = await BashAsync("deployer_find_dotnet");
        Assert.Equal("true", outputs["found"]);
        Assert.Contains(".NET SDK 10.", found);

        // A PATH with only sed: no dotnet at all. Then a dotnet that fails `--version` in the root, as an SDK older
        // than global.json asks for does (e.g. the .NET 8 that runner images carry).
        var bin = Directory.CreateDirectory(Path.Combine(_directory, "bin")).FullName;
        File.CreateSymbolicLink(Path.Combine(bin, "sed"), "/usr/bin/sed");
        var (_, missing, none) = await BashAsync("deployer_find_dotnet", ("PATH", bin));
        Assert.Equal("false", none["found"]);
        Assert.Contains(".NET SDK for 10.0.100 not found; installing it.", missing);

        await File.WriteAllTextAsync(Path.Combine(bin, "dotnet"), "#!/bin/sh\necho 'A compatible .NET SDK was not found.' >&2\nexit 145\n");
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(Path.Combine(bin, "dotnet"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var (_, _, old) = await BashAsync("deployer_find_dotnet", ("PATH", bin));
        Assert.Equal("false", old["found"]);
    }
}
