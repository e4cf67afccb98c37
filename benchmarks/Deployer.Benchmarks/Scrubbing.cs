using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Deployer.Output;
using Deployer.Secrets;

namespace Deployer.Benchmarks;

/// <summary>
/// Scrubbing throughput: text written through a <see cref="ScrubbingWriter"/> that knows a run's secrets (tokens, keys with
/// '+', a PEM private key, a database URL), against a plain write of the same text in the same chunks, both to a writer
/// that discards. Three texts: a deploy log with secrets in it, one long line of URL-like characters (the input that made
/// the old URL-password regex quadratic), and the same text twice as long, to show the time grows linearly.
/// </summary>
public static class Scrubbing
{
    private const int Runs = 5;
    private const int Chunk = 4096;

    public static Task RunAsync()
    {
        var secrets = SecretValues.FromEnvironment(new Dictionary<string, string>
        {
            ["AWS_SECRET_ACCESS_KEY"] = "wJalrXUtnFEMI/K7MDENG+bPxRfiCY&EXAMPLEKEY",
            ["GITHUB_TOKEN"] = "ghs_16C7e42F292c6912E7710c838347Ae178B4a",
            ["SIGNING_PRIVATE_KEY"] = RSA.Create(2048).ExportPkcs8PrivateKeyPem(),
            ["DATABASE_URL"] = "postgresql://app_migrator:Sup3r+S3cret%2FPa55@db.internal:5432/saas",
        });
        for (var i = 0; i < 50; i++) secrets.Add($"service-token-{i:D3}-{Guid.NewGuid():N}");

        Report("deploy log, 16 MB", Log(16 << 20), secrets);
        Report("URL-like line, 2 MB", UrlLike(2 << 20), secrets);
        Report("URL-like line, 4 MB", UrlLike(4 << 20), secrets);
        return Task.CompletedTask;
    }

    private static void Report(string name, string text, SecretValues secrets)
    {
        var plain = Measure.Median(Enumerable.Range(0, Runs).Select(_ => Time(() => Write(new StreamWriter(Stream.Null), text))));
        var scrubbed = Measure.Median(Enumerable.Range(0, Runs).Select(_ => Time(() =>
        {
            var inner = new StreamWriter(Stream.Null);
            Write(new ScrubbingWriter(inner, secrets), text);
        })));
        var megabytes = text.Length / (1024.0 * 1024.0);
        Console.WriteLine($"  {name}: scrubbed {megabytes / scrubbed.TotalSeconds:0.0} MB/s, plain write {megabytes / plain.TotalSeconds:0.0} MB/s");
        Measure.Report("scrubbing write", scrubbed, "plain write", plain, "how many times slower scrubbing makes a write");
    }

    private static void Write(TextWriter writer, string text)
    {
        using (writer)
            for (var at = 0; at < text.Length; at += Chunk) writer.Write(text.AsSpan(at, Math.Min(Chunk, text.Length - at)));
    }

    private static TimeSpan Time(Action action)
    {
        var clock = Stopwatch.StartNew();
        action();
        return clock.Elapsed;
    }

    /// <summary>Progress lines, some holding secrets raw, JSON-escaped or in URLs, as a chatty release would print.</summary>
    private static string Log(int length)
    {
        var lines = new[]
        {
            "▶ deploy-ecs:api: update service shop-api to task definition shop-api:42",
            "  deploy-ecs:api: deployment ecs-svc/9693210773787539059 IN_PROGRESS, 2 of 4 tasks running",
            "  migrate: connecting to postgresql://app_migrator:Sup3r+S3cret%2FPa55@db.internal:5432/saas",
            "{\"level\":\"info\",\"msg\":\"token wJalrXUtnFEMI/K7MDENG\\u002BbPxRfiCY\\u0026EXAMPLEKEY refreshed\"}",
            "  push-image:api: pushing layer sha256:3f4e5d6c7b8a9f0e1d2c3b4a5f6e7d8c9b0a1f2e3d4c5b6a7f8e9d0c1b2a3f4e",
            "  GET https://api.github.com/repos/acme/shop/deployments?environment=production answered 200",
        };
        var text = new StringBuilder(length + 256);
        for (var i = 0; text.Length < length; i++) text.Append(lines[i % lines.Length]).Append('\n');
        return text.ToString(0, length);
    }

    private static string UrlLike(int length)
    {
        var text = new StringBuilder(length + 8).Append("a://");
        while (text.Length < length) text.Append("b:c");
        return text.ToString(0, length);
    }
}
