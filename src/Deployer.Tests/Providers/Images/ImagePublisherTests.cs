using System.Text;
using System.Text.Json;
using Deployer.Providers.Images;
using Deployer.Secrets;
using Deployer.Tests.Support;

namespace Deployer.Tests.Providers.Images;

/// <summary>The publisher's orchestration against a recording runner: order of commands, auth file life, digests, no password anywhere.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // file modes are checked where they exist
public sealed class ImagePublisherTests : IDisposable
{
    private const string Password = "pr0duction-Registry-T0ken";
    private static readonly RegistryLogin Login = new("AWS", new Secret(Password));
    private const string Remote = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/acme/app:0123abc";
    private readonly string _scratch = Directory.CreateTempSubdirectory("deployer-publisher-").FullName;
    private readonly RecordingContainerRunner _runner = new();

    public static TheoryData<string> Engines => ["buildah", "podman", "docker"];

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task No_rendered_command_display_or_environment_contains_the_password(string engine)
    {
        var publisher = Publisher(engine);
        if (engine == "docker") _runner.Respond = DockerInspect;

        await publisher.PublishAsync(new ImageBuildRequest("/src/app") { Revision = "0123abc" }, Remote, Login, CancellationToken.None);
        await publisher.CopyAsync(Remote, Login, Remote.Replace("acme/app", "acme/copy", StringComparison.Ordinal), Login, CancellationToken.None);

        var encoded = Convert.ToBase64String(Encoding.UTF8.GetBytes("AWS:" + Password));
        foreach (var command in _runner.Commands)
        {
            var rendered = string.Join("\n", [command.Display, command.ToString(), .. command.Arguments, .. command.Environment.Values]);
            Assert.DoesNotContain(Password, rendered);
            Assert.DoesNotContain(encoded, rendered);
        }
        Assert.NotEmpty(_runner.AuthFiles);
        Assert.All(_runner.AuthFiles.Values, json => Assert.Contains(encoded, json));
    }

    [Fact]
    public async Task A_publish_builds_with_the_remote_tag_pushes_it_and_returns_the_digest_reference()
    {
        var pushed = await Publisher("buildah").PublishAsync(
            new ImageBuildRequest("/src/app") { Tags = ["localhost/app:build"] }, Remote, Login, CancellationToken.None);

        Assert.Equal(["build", "push"], _runner.Commands.Select(c => c.Arguments.First(a => !a.StartsWith('-'))));
        Assert.Equal(["--tag", "localhost/app:build", "--tag", Remote, "/src/app"], _runner.Commands[0].Arguments.TakeLast(5));
        Assert.Equal(RecordingContainerRunner.Digest, pushed.Digest);
        Assert.Equal("123456789012.dkr.ecr.eu-west-1.amazonaws.com/acme/app@" + RecordingContainerRunner.Digest, pushed.Reference);
        Assert.DoesNotContain("--tls-verify=false", _runner.Commands[1].Arguments);
    }

    [Fact]
    public async Task The_auth_file_is_private_while_the_push_runs_and_deleted_afterwards_even_when_it_fails()
    {
        UnixFileMode? mode = null;
        _runner.Respond = command =>
        {
            if (!command.Arguments.Contains("push")) return null;
            var authFile = command.Arguments.SkipWhile(a => a != "--authfile").Skip(1).First();
            mode = File.GetUnixFileMode(authFile);
            return (125, "", "Error: writing blob: connection reset by peer");
        };

        var error = await Assert.ThrowsAsync<ContainerEngineException>(() =>
            Publisher("podman").PushAsync("localhost/app:1", "127.0.0.1:5000/app:1", Login, CancellationToken.None));

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, mode);
        Assert.Contains("exit code 125", error.Message);
        Assert.Contains("Error: writing blob: connection reset by peer", error.Message);
        Assert.Empty(Directory.GetFileSystemEntries(_scratch));
    }

    [Fact]
    public async Task Loopback_registries_are_pushed_and_pulled_without_tls_verification()
    {
        var publisher = Publisher("buildah");

        await publisher.PushAsync("localhost/app:1", "127.0.0.1:5000/app:1", Login, CancellationToken.None);
        await publisher.PullAsync("localhost:5000/app:1", Login, CancellationToken.None);

        Assert.Equal(["tag", "push", "pull"], _runner.Commands.Select(c => c.Arguments.First(a => !a.StartsWith('-'))));
        Assert.Contains("--tls-verify=false", _runner.Commands[1].Arguments);
        Assert.Contains("--tls-verify=false", _runner.Commands[2].Arguments);
    }

    [Fact]
    public async Task Docker_reads_the_pushed_digest_from_the_repo_digests_of_the_pushed_tag()
    {
        _runner.Respond = DockerInspect;

        var pushed = await Publisher("docker").PushAsync("localhost/app:1", Remote, Login, CancellationToken.None);

        Assert.Equal(["tag localhost/app:1 " + Remote, "push " + Remote, "image inspect " + Remote],
            _runner.Commands.Select(c => string.Join(' ', c.Arguments)));
        Assert.Equal("sha256:" + new string('b', 64), pushed.Digest);
    }

    [Fact]
    public async Task A_push_target_without_a_tag_is_refused_before_anything_runs()
    {
        var error = await Assert.ThrowsAsync<ContainerEngineException>(() =>
            Publisher("buildah").PushAsync("app:1", "registry.example.com/app@sha256:" + new string('a', 64), Login, CancellationToken.None));

        Assert.Contains("must be registry/repository:tag", error.Message);
        Assert.Empty(_runner.Commands);
    }

    public void Dispose() => Directory.Delete(_scratch, recursive: true);

    private ImagePublisher Publisher(string engine) => new(ContainerEngineDetector.Create(engine, ContainerEngineOptions.Default), _runner, _scratch);

    private static (int, string, string)? DockerInspect(ContainerCommand command)
    {
        if (command.Arguments is not ["image", "inspect", ..]) return null;
        string[] digests =
        [
            "other.example.com/acme/app@sha256:" + new string('a', 64),
            Remote.Split(':')[0] + "@sha256:" + new string('b', 64),
            Remote.Replace("acme/app", "acme/copy", StringComparison.Ordinal).Split(':')[0] + "@sha256:" + new string('b', 64),
        ];
        var json = JsonSerializer.Serialize(new[] { new { Id = "sha256:1", RepoDigests = digests, Config = new { Labels = (object?)null } } });
        return (0, json, "");
    }
}
