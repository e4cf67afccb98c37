using System.ComponentModel;

namespace Deployer.Config;

/// <summary>The whole deploy description of one application (deploy.yml), immutable after loading.</summary>
public sealed record DeployDescription
{
    [Description("Application name; prefixes repository names, stack names and release records.")]
    public required string App { get; init; }

    [Description("Commands the Test target runs, in order (tests, linters). Each fails the build when it exits non-zero.")]
    public IReadOnlyList<CommandSpec> Test { get; init; } = [];

    [Description("Container images built from this repository, by name. Services refer to them by that name.")]
    public IReadOnlyDictionary<string, ImageSpec> Images { get; init; } = new Dictionary<string, ImageSpec>();

    [Description("Database migrations that run before any service is deployed.")]
    public MigrationSpec? Migrations { get; init; }

    [Description("Deploy environments by name (staging, production, …).")]
    public required IReadOnlyDictionary<string, EnvironmentSpec> Environments { get; init; }
}

/// <summary>A shell command the Test target runs.</summary>
public sealed record CommandSpec
{
    [Description("Short name shown in the log and summary.")]
    public required string Name { get; init; }

    [Description("Shell command line, run with /bin/sh -c.")]
    public required string Run { get; init; }

    [Description("Directory to run in, relative to the repository root.")]
    public string? WorkingDirectory { get; init; }
}

/// <summary>A container image built from the repository.</summary>
public sealed record ImageSpec
{
    [Description("Build context directory, relative to the repository root.")]
    public required string Context { get; init; }

    [Description("Dockerfile path, relative to the repository root (default: <context>/Dockerfile).")]
    public string? Dockerfile { get; init; }

    [Description("Build stage to stop at (--target).")]
    public string? Target { get; init; }

    [Description("Target platform, e.g. linux/amd64 or linux/arm64.")]
    public string Platform { get; init; } = "linux/amd64";

    [Description("Build arguments (--build-arg).")]
    public IReadOnlyDictionary<string, string> BuildArgs { get; init; } = new Dictionary<string, string>();

    [Description("Repository name in the registry (default: <app>-<image name>).")]
    public string? Repository { get; init; }
}

/// <summary>The application's schema migrations.</summary>
public sealed record MigrationSpec
{
    [Description("Migration tool.")]
    public required MigrationTool Tool { get; init; }

    [Description("Directory holding alembic.ini (Alembic) or the project with the DbContext (EF Core), relative to the repository root.")]
    public required string Directory { get; init; }

    [Description("EF Core: the project file with the migrations, relative to 'directory'. Alembic: the ini file (default alembic.ini).")]
    public string? Project { get; init; }

    [Description("Revision to migrate to (Alembic 'head' by default; EF Core the last migration by default).")]
    public string? Target { get; init; }

    [Description("Where the migration runs: on the runner, or as an ECS one-off task with the app image (for databases reachable only inside the VPC).")]
    public MigrationRunner RunOn { get; init; } = MigrationRunner.Runner;

    [Description("Image used for 'runOn: ecsTask' (a key of 'images').")]
    public string? Image { get; init; }

    [Description("Command for 'runOn: ecsTask' and 'tool: command' (default: the tool's upgrade command).")]
    public IReadOnlyList<string> Command { get; init; } = [];

    [Description("For 'runOn: ecsTask': the ECS service whose task definition, network configuration and roles the one-off task borrows (default: the first service using 'image').")]
    public string? Service { get; init; }

    [Description("Environment variable through which the migration receives the connection string.")]
    public string ConnectionVariable { get; init; } = "DATABASE_URL";

    [Description("EF Core: how migrations are applied on the runner. 'bundle' builds a migration bundle (dotnet ef migrations bundle) and runs it; 'dotnetEf' runs dotnet ef database update in the project. Either way the DbContext's design-time factory reads the connection from 'connectionVariable'.")]
    public EfCoreApply Apply { get; init; } = EfCoreApply.Bundle;

    [Description("EF Core with 'apply: bundle': a migration bundle built earlier (e.g. by the CI build), relative to the repository root. By default one is built from the project for the run.")]
    public string? Bundle { get; init; }
}

public enum MigrationTool { Alembic, EfCore, Command }

public enum EfCoreApply { Bundle, DotnetEf }

public enum MigrationRunner { Runner, EcsTask }
