namespace Deployer.Providers.Migrations;

/// <summary>
/// One process the EF Core migrator runs, as data: <c>dotnet build</c>, <c>dotnet ef …</c> or a migration bundle, in the
/// project directory. The connection string is never part of it; it travels in the environment.
/// </summary>
public sealed record EfCoreCommand(string Program, string WorkingDirectory, IReadOnlyList<string> Arguments)
{
    /// <summary>The command line, for logs and plans (holds no secret).</summary>
    public override string ToString() => string.Join(' ', new[] { Program }.Concat(Arguments).Select(Quote));

    private static string Quote(string s) => s.Length > 0 && s.All(c => char.IsLetterOrDigit(c) || "-_./:=@+,".Contains(c)) ? s : "'" + s.Replace("'", "'\\''") + "'";
}
