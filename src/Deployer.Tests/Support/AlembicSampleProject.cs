namespace Deployer.Tests.Support;

/// <summary>Copies of the sample Alembic project (src/Deployer.Tests/Providers/Migrations/AlembicSample), optionally with its failing revision.</summary>
public static class AlembicSampleProject
{
    /// <summary>A fresh copy in a temp directory; the caller deletes it.</summary>
    public static string Copy(bool withFailingRevision)
    {
        RequiredTool.File("/usr/bin/python3", "python3-alembic");
        var source = Repository.PathOf("src", "Deployer.Tests", "Providers", "Migrations", "AlembicSample");
        var target = Directory.CreateTempSubdirectory("deployer-alembic-").FullName;
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories).Where(f => !f.Contains("__pycache__")))
        {
            var relative = Path.GetRelativePath(source, file);
            if (relative.StartsWith("failing", StringComparison.Ordinal))
            {
                if (!withFailingRevision) continue;
                relative = Path.Combine("versions", Path.GetFileName(relative));
            }
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(target, relative))!);
            File.Copy(file, Path.Combine(target, relative));
        }
        return target;
    }
}
