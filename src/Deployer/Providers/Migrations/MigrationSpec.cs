using System.ComponentModel;
using Deployer.Config;

namespace Deployer.Providers.Migrations;

/// <summary>The application's schema migrations.</summary>
public sealed record MigrationSpec
{
    [Description("Migration tool.")]
    public required MigrationTool Tool { get; init; }

    [Description("Directory holding alembic.ini (Alembic) or the project with the DbContext (EF Core), relative to the repository root.")]
    public required string Directory { get; init; }

    [Description("EF Core: the project file with the migrations, relative to 'directory'. Alembic: the ini file (default alembic.ini).")]
    public string? Project { get; init; }

    [Description("Alembic on the runner: the Python that runs it, which must import alembic, the database driver and whatever env.py imports. A path relative to the repository root (e.g. .venv/bin/python, a virtualenv the workflow's migration set-up made with pip install -r requirements.txt) or absolute. Default /usr/bin/python3 (Debian's python3-alembic and python3-psycopg2).")]
    public string? Python { get; init; }

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

/// <summary>The environment's database as migrations see it.</summary>
public sealed record DatabaseSpec
{
    [Description("Connection string used by the migrator (never printed).")]
    public required SecretRef Connection { get; init; }

    [Description("RDS snapshot before migrating.")]
    public SnapshotSpec? Snapshot { get; init; }
}

/// <summary>An RDS snapshot taken before migrations.</summary>
public sealed record SnapshotSpec
{
    [Description("RDS DB instance identifier to snapshot.")]
    public required string Instance { get; init; }

    [Description("Take the snapshot (on by default once configured).")]
    public bool Enabled { get; init; } = true;
}
