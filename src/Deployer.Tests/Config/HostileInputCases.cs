using System.Diagnostics;
using System.Text;

namespace Deployer.Tests.Config;

/// <summary>One hostile input: what it writes under the test root, the arguments it adds, and what the output must name.</summary>
/// <param name="Arrange">Writes the input under the root and returns the --config path.</param>
/// <param name="Expect">Fragments the output must contain: the place (file:line, config path or parameter) and the reason.</param>
/// <param name="ResultFile">The --result-file to give instead of the default, from the root.</param>
/// <param name="Target">The build target run (a deploy of production unless the case names an environment itself).</param>
public sealed record HostileCase(string Name, Func<string, string> Arrange, string[] Expect, string[] Args, Func<string, string>? ResultFile = null, string Target = "DeployProduction")
{
    public override string ToString() => Name;
}

/// <summary>The table of hostile inputs; every case is generated from a valid description by one change.</summary>
public static class HostileInputCases
{
    /// <summary>A valid description; line numbers below refer to it (production's service is the last lines).</summary>
    public const string Valid = """
        app: shop
        images:
          api: { context: api }
        environments:
          staging:
            aws: { account: "123456789012", region: eu-west-1 }
            cluster: shop-staging
            services:
              - name: api
                image: api
          production:
            promotesFrom: staging
            aws: { account: "123456789012", region: eu-west-1 }
            cluster: shop-production
            services:
              - name: api
                image: api

        """;

    private const string Service = "environments.production.services[0]";
    private const string Esc = "\u001b";

    public static IReadOnlyList<HostileCase> All { get; } = Build();

    public static HostileCase Named(string name) => All.Single(c => c.Name == name);

    private static IReadOnlyList<HostileCase> Build()
    {
        var cases = new List<HostileCase>();
        void Text(string name, string yaml, params string[] expect) => cases.Add(new(name, root => Write(root, yaml), expect, []));
        void Top(string name, string lines, params string[] expect) => Text(name, Valid + lines, expect);
        void Production(string name, string lines, params string[] expect) => Text(name, Valid + Indent(lines, 4), expect);
        void OnService(string name, string lines, params string[] expect) => Text(name, Valid + Indent(lines, 8), expect);
        void Replace(string name, string from, string to, params string[] expect) => Text(name, Valid.Replace(from, to, StringComparison.Ordinal), expect);
        // Production's service is the description's last lines; staging has the same ones.
        void ReplaceLast(string name, string from, string to, params string[] expect) =>
            Text(name, Valid[..Valid.LastIndexOf(from, StringComparison.Ordinal)] + to + Valid[(Valid.LastIndexOf(from, StringComparison.Ordinal) + from.Length)..], expect);
        const string ProductionService = "      - name: api\n        image: api\n";

        // YAML syntax errors of many kinds, each at its line.
        Text("unclosed flow mapping", "app: shop\nimages: { api: { context: api }\n", "deploy.yml:", "invalid YAML");
        Text("unclosed flow sequence", "app: shop\ntest: [a, b\n", "deploy.yml:", "invalid YAML");
        Text("unclosed double quote", "app: \"shop\nenvironments: {}\n", "deploy.yml:", "invalid YAML");
        Text("unclosed single quote", "app: 'shop\n", "deploy.yml:", "invalid YAML");
        Text("value after value", "app: shop\nenvironments: a: b\n", "deploy.yml:2:", "invalid YAML");
        Text("over-indented key", "app: shop\n  environments: {}\n", "deploy.yml:2:", "invalid YAML");
        Text("under-indented key", Valid.Replace("    cluster: shop-production", " cluster: shop-production"), "deploy.yml:", "invalid YAML");
        Text("tab indentation", "app: shop\nenvironments:\n\tproduction: {}\n", "deploy.yml:3:1", "tab");
        Text("tab inside the tree", Valid.Replace("    cluster: shop-production", "\tcluster: shop-production"), "deploy.yml:14:", "invalid YAML");
        Text("raw NUL byte", "app: sh\0op\nenvironments: {}\n", "deploy.yml:1:", "invalid YAML");
        Text("directive garbage", "%YAML 9.9\n---\napp: shop\n", "deploy.yml:", "invalid YAML");
        Text("stray document end", "app: shop\n...\nenvironments: {}\n", "deploy.yml:3:", "only one YAML document");
        Text("dash in a mapping", "app: shop\n- environments\n", "deploy.yml:2:", "invalid YAML");

        // Complex keys, anchors, aliases, tags, duplicates, documents.
        Text("complex mapping key at the root", "? {a: 1}\n: x\napp: shop\n", "deploy.yml:1:3", "a key must be a plain name");
        Text("complex list key at the root", "? [a, b]\n: x\n", "deploy.yml:1:3", "a key must be a plain name");
        Production("complex key in an environment", "? {cluster: x}\n: y\n", "deploy.yml:18:", "a key must be a plain name");
        Replace("complex key in a map of images", "  api: { context: api }", "  ? [api]\n  : { context: api }", "deploy.yml:3:", "a key must be a plain name");
        Text("undefined alias", Valid + "test: *nope\n", "deploy.yml:18:7", "'*nope' refers to no anchor");
        Text("alias inside its own anchor", "app: shop\ntest: &loop [*loop]\n", "deploy.yml:2:", "refers to the node that contains it");
        Text("billion laughs", BillionLaughs(), "deploy.yml:", "expands to more than");
        Text("deep flow nesting", "app: shop\ntest: " + new string('[', 5000) + new string(']', 5000) + "\n", "deploy.yml:2:", "nests deeper");
        Text("deep block nesting", "app: shop\n" + DeepBlock(200), "deploy.yml:", "nests deeper");
        OnService("merge key", "<<: { cluster: a }\n", Service, "unknown key '<<'");
        Replace("CloudFormation tag", "cluster: shop-production", "cluster: !Ref Cluster", "deploy.yml:14:", "the tag '!Ref' is not supported");
        Replace("GetAtt tag", "cluster: shop-production", "cluster: !GetAtt Cluster.Arn", "deploy.yml:14:", "'!GetAtt'");
        Replace("include tag", "  api: { context: api }", "  api: !include api.yml", "deploy.yml:3:", "'!include'");
        Text("verbatim tag", "app: !<tag:example.com,2000:app> shop\n", "deploy.yml:1:", "is not supported");
        Top("duplicate top-level key", "app: other\n", "deploy.yml:18:", "Duplicate key");
        OnService("duplicate service key", "image: api\n", "deploy.yml:18:", "Duplicate key");
        Replace("duplicate environment", "  production:\n", "  staging:\n", "deploy.yml:11:", "Duplicate key");
        Top("second document", "---\napp: again\n", "deploy.yml:19:", "only one YAML document");
        Text("empty file", "", "deploy.yml", "is empty");
        Text("only comments", "# nothing here\n# at all\n", "deploy.yml", "is empty");
        Text("tilde document", "~\n", "deploy.yml:1:1", "holds no mapping");
        Text("null document", "null\n", "deploy.yml:1:1", "holds no mapping");
        Text("list document", "- app: shop\n", "deploy.yml:1:1", "expected a mapping, got a list");
        Text("scalar document", "hello\n", "deploy.yml:1:1", "expected a mapping, got 'hello'");

        // Wrong types at every level.
        Replace("app as a mapping", "app: shop", "app: { name: shop }", "app", "expected a string, got a mapping");
        Replace("app as a list", "app: shop", "app: [shop]", "app", "expected a string, got a list");
        Replace("images as a list", "  api: { context: api }", "  - api", "images", "expected a mapping, got a list");
        Text("environments as a list", "app: shop\nenvironments:\n  - production\n", "environments", "expected a mapping, got a list");
        Text("environments as a scalar", "app: shop\nenvironments: production\n", "environments", "expected a mapping, got 'production'");
        Text("environments empty", "app: shop\nenvironments: {}\n", "environments", "at least one environment");
        ReplaceLast("services as a mapping", "    services:\n" + ProductionService, "    services: { name: api }\n", "environments.production.services", "expected a list, got a mapping");
        ReplaceLast("service as a scalar", ProductionService, "      - api\n", "environments.production.services[0]", "expected a mapping, got 'api'");
        OnService("desiredCount as words", "desiredCount: many\n", $"{Service}.desiredCount", "expected a whole number");
        OnService("desiredCount as a fraction", "desiredCount: 1.5\n", $"{Service}.desiredCount", "expected a whole number");
        OnService("desiredCount overflowing", "desiredCount: 99999999999999\n", $"{Service}.desiredCount", "expected a whole number");
        OnService("circuitBreaker as maybe", "circuitBreaker: maybe\n", $"{Service}.circuitBreaker", "true or false");
        OnService("strategy unknown", "strategy: fast\n", $"{Service}.strategy", "one of rolling");
        OnService("command as a mapping", "command: { run: x }\n", $"{Service}.command", "expected a list");
        OnService("environment as a list", "environment: [A=1]\n", $"{Service}.environment", "expected a mapping");
        OnService("secret with two sources", "secrets: { DB: { ssm: /a, env: B } }\n", $"{Service}.secrets.DB", "exactly one of");
        OnService("canaryPercent NaN", "strategy: canary\ncanaryPercent: NaN\n", $"{Service}.canaryPercent", "expected a number");
        OnService("canaryPercent infinite", "strategy: canary\ncanaryPercent: .inf\n", $"{Service}.canaryPercent", "expected a number");
        Top("unknown top-level key", "colour: blue\n", "colour", "unknown key 'colour'");
        OnService("unknown service key", "replicas: 3\n", $"{Service}.replicas", "unknown key 'replicas'");
        Replace("missing app", "app: shop\n", "", "missing required key 'app'");
        Text("missing environments", "app: shop\n", "missing required key 'environments'");
        ReplaceLast("service without a name", ProductionService, "      - image: api\n", Service, "missing required key 'name'");

        // Bad numbers.
        OnService("negative desiredCount", "desiredCount: -5\n", $"{Service}.desiredCount", "must be 0 or more");
        OnService("canaryPercent above 100", "strategy: canary\ncanaryPercent: 150\n", $"{Service}.canaryPercent", "between 0 and 100");
        OnService("stepPercent zero", "strategy: linear\nstepPercent: 0\n", $"{Service}.stepPercent", "between 0 and 100");
        OnService("minimumHealthyPercent negative", "minimumHealthyPercent: -1\n", $"{Service}.minimumHealthyPercent", "between 0 and 100");
        OnService("maximumPercent 500", "maximumPercent: 500\n", $"{Service}.maximumPercent", "between 100 and 200");
        OnService("timeoutMinutes zero", "timeoutMinutes: 0\n", $"{Service}.timeoutMinutes", "at least 1 minute");
        OnService("timeoutMinutes negative", "timeoutMinutes: -3\n", $"{Service}.timeoutMinutes", "at least 1 minute");
        OnService("bakeMinutes negative", "strategy: blueGreen\nbakeMinutes: -1\n", $"{Service}.bakeMinutes", "must be 0 or more");
        Production("verify timeout zero", "verify:\n  - { name: home, url: https://shop.example.com, timeoutSeconds: 0 }\n", "environments.production.verify[0].timeoutSeconds", "at least 1 second");
        Production("verify status 42", "verify:\n  - { name: home, url: https://shop.example.com, expectStatus: 42 }\n", "environments.production.verify[0].expectStatus", "not an HTTP status");
        Production("verify url not http", "verify:\n  - { name: home, url: 'javascript:alert(1)' }\n", "environments.production.verify[0].url", "not an absolute http(s) URL");

        // Hostile names.
        ReplaceLast("shell in a service name", ProductionService, "      - name: 'foo; rm -rf /'\n        image: api\n", $"{Service}.name", "not a valid ECS service name");
        Replace("shell in a cluster name", "cluster: shop-production", "cluster: 'foo; rm -rf /'", "environments.production.cluster", "not a valid ECS cluster name");
        OnService("shell in a service cluster", "cluster: '$(reboot)'\n", $"{Service}.cluster", "not a valid ECS cluster name");
        ReplaceLast("service name too long", ProductionService, $"      - name: {new string('a', 256)}\n        image: api\n", $"{Service}.name", "up to 255");
        Replace("image name with a space", "  api: { context: api }", "  'my api': { context: api }", "images[\"my api\"]", "not a valid image name");
        Replace("image name upper case", "  api: { context: api }", "  API: { context: api }", "images.API", "not a valid image name");
        Replace("repository with a tag", "  api: { context: api }", "  api: { context: api, repository: 'shop/api:latest' }", "images.api.repository", "not a valid repository name");
        Replace("app name with punctuation", "app: shop", "app: 'Shop!'", "app", "not a valid app name");
        Replace("environment name with a path", "  production:\n", "  '../../etc':\n", "environments[\"../../etc\"]", "not a valid environment name");
        Replace("environment name with a space", "  production:\n", "  'prod uction':\n", "environments[\"prod uction\"]", "not a valid environment name");
        ReplaceLast("image reference undefined", "        image: api\n", "        image: apii\n", $"{Service}.image", "image 'apii' is not defined");
        Replace("account not twelve digits", "aws: { account: \"123456789012\", region: eu-west-1 }\n    cluster: shop-production", "aws: { account: \"1234\", region: eu-west-1 }\n    cluster: shop-production", "environments.production.aws.account", "12-digit");
        Replace("region made up", "region: eu-west-1 }\n    cluster: shop-production", "region: moon }\n    cluster: shop-production", "environments.production.aws.region", "not an AWS region");
        Production("home server port out of range", HomeServer("port: 70000"), "environments.production.homeServers[0].port", "not a TCP port");

        // Cycles and references between environments.
        Replace("promotesFrom itself", "promotesFrom: staging", "promotesFrom: production", "environments.production.promotesFrom", "cannot promote from itself");
        Replace("promotesFrom circle of two", "  staging:\n", "  staging:\n    promotesFrom: production\n", "environments.staging.promotesFrom", "in a circle");
        Text("promotesFrom circle of three", Valid.Replace("  staging:\n", "  staging:\n    promotesFrom: qa\n") + "  qa:\n    promotesFrom: production\n",
            "environments.qa.promotesFrom", "production → staging → qa");
        Replace("promotesFrom unknown", "promotesFrom: staging", "promotesFrom: stagign", "environments.production.promotesFrom", "did you mean 'staging'");

        // Bad interpolation.
        Replace("unset variable", "cluster: shop-production", "cluster: ${DEPLOYER_HOSTILE_UNSET}", "environments.production.cluster", "'DEPLOYER_HOSTILE_UNSET' is not set");
        Replace("unterminated reference", "cluster: shop-production", "cluster: ${HOME", "environments.production.cluster", "never closed");
        Replace("unterminated nested default", "cluster: shop-production", "cluster: ${A:-${B:-x}", "environments.production.cluster", "never closed");
        Replace("empty reference", "cluster: shop-production", "cluster: x${}", "environments.production.cluster", "not a variable reference");
        Replace("reference with a space", "cluster: shop-production", "cluster: '${A B}'", "environments.production.cluster", "not a variable reference");
        Replace("reference starting with a digit", "cluster: shop-production", "cluster: ${1A}", "environments.production.cluster", "not a variable reference");
        Replace("command substitution in a default", "cluster: shop-production", "cluster: '${UNSET_X:-$(id)}'", "environments.production.cluster", "not a valid ECS cluster name");

        // Control characters and bidirectional overrides, in values and keys: refused and printed escaped.
        Replace("NUL in a value", "cluster: shop-production", "cluster: \"shop\\0prod\"", "environments.production.cluster", "\\u0000");
        Replace("ANSI escape in a value", "cluster: shop-production", "cluster: \"\\e[31mred\\e[0m\"", "environments.production.cluster", "\\u001B");
        Replace("raw ANSI escape byte in a value", "cluster: shop-production", $"cluster: shop{Esc}[2Jprod", "environments.production.cluster", "\\u001B");
        Replace("bidi override in a value", "cluster: shop-production", "cluster: \"shop\u202Eedoc\"", "environments.production.cluster", "\\u202E");
        Replace("bell in an image context", "{ context: api }", "{ context: \"api\\a\" }", "images.api.context", "\\u0007");
        Replace("C1 control in a value", "cluster: shop-production", "cluster: \"shop\\x9bprod\"", "environments.production.cluster", "\\u009B");
        Replace("NUL in a key", "  production:\n", "  \"prod\\0\":\n", "deploy.yml:11:", "\\u0000");
        Replace("ANSI escape in a key", "app: shop", "\"\\e[2Japp\": shop", "deploy.yml:1:1", "\\u001B");
        Replace("bidi isolate in an environment name", "  production:\n", "  \"prod\u2066x\":\n", "deploy.yml:11:", "\\u2066");
        Replace("ANSI escape through a variable default", "cluster: shop-production", "cluster: \"${UNSET_Y:-\\e[31m}\"", "environments.production.cluster", "\\u001B");

        // Registries that cannot work as configured.
        Production("oci registry without a server", "registry: { kind: oci }\n", "environments.production.registry.server", "needs the registry 'server'");
        Production("ssh registry without home servers", "registry: { kind: ssh }\n", "environments.production.registry.kind", "has none");

        // Files that are not descriptions.
        cases.Add(new("huge file", root => Write(root, Valid + string.Concat(Enumerable.Repeat("# " + new string('x', 1000) + "\n", 2100))), ["deploy.yml", "larger than 1024 KiB"], []));
        cases.Add(new("huge single value", root => Write(root, Valid + "test: [" + new string('x', 1_100_000) + "]\n"), ["deploy.yml", "larger than"], []));
        cases.Add(new("/dev/zero", _ => "/dev/zero", ["/dev/zero", "not a regular file"], []));
        cases.Add(new("a FIFO", root => Fifo(Path.Combine(root, "deploy.yml")), ["deploy.yml", "not a regular file"], []));
        cases.Add(new("a directory", root => Directory.CreateDirectory(Path.Combine(root, "deploy.yml")).FullName, ["deploy.yml", "is a directory"], []));
        cases.Add(new("a symlink loop", root => Loop(root), ["deploy.yml", "cannot be read", "symbolic links"], []));
        cases.Add(new("a missing file", root => Path.Combine(root, "deploy.yml"), ["deploy.yml", "does not exist"], []));
        cases.Add(new("a dangling symlink", root => Link(Path.Combine(root, "deploy.yml"), Path.Combine(root, "gone.yml")), ["deploy.yml", "does not exist"], []));
        cases.Add(new("a path through a file", root => Path.Combine(Write(root, Valid), "deploy.yml"), ["deploy.yml", "does not exist"], []));
        cases.Add(new("invalid UTF-8", root => WriteBytes(root, [.. Encoding.UTF8.GetBytes("app: sh"), 0xC3, 0x28, .. Encoding.UTF8.GetBytes("op\nenvironments: {}\n")]), ["environments", "at least one environment"], []));

        // Parameters that name what is not there.
        cases.Add(new("unknown environment", root => Write(root, Valid), ["Environment 'nope' is not defined"], ["--environment", "nope"], Target: "DeployEcs"));
        cases.Add(new("result file at the file-system root", root => Write(root, Valid), ["--result-file /", "is a directory"], [], _ => "/"));
        cases.Add(new("result file is a directory", root => Write(root, Valid), ["--result-file", "is a directory"], [], root => Directory.CreateDirectory(Path.Combine(root, "out")).FullName));
        cases.Add(new("result file under a file", root => Write(root, Valid), ["--result-file", "cannot be written"], [], root => Path.Combine(Write(root, Valid), "result.json")));
        cases.Add(new("result file is a FIFO", root => Write(root, Valid), ["--result-file", "not a regular file"], [], root => Fifo(Path.Combine(root, "result.fifo"))));
        return cases;
    }

    private static string Indent(string lines, int spaces) =>
        string.Concat(lines.Split('\n').Select(l => l.Length == 0 ? "" : new string(' ', spaces) + l + "\n"));

    private static string HomeServer(string setting) => $$"""
        homeServers:
          - host: home.example.com
            {{setting}}
            user: deploy
            privateKey: { env: HOME_KEY }
            hostKey: SHA256:7VCrJtJ8CFePugeXrVJ2gRNyyo4Bqo67RQ5BtRQQZUY
            proxy: { kind: caddy, adminUrl: http://localhost:2019 }
            services: [{ name: web, imageUri: nginx, port: 8080 }]

        """;

    private static string BillionLaughs()
    {
        var text = new StringBuilder("app: shop\ntest:\n  - &l0 [x, x, x, x, x, x, x, x, x, x]\n");
        for (var i = 1; i < 10; i++)
            text.Append($"  - &l{i} [{string.Join(", ", Enumerable.Repeat($"*l{i - 1}", 10))}]\n");
        return text.ToString();
    }

    private static string DeepBlock(int depth)
    {
        var text = new StringBuilder();
        for (var i = 0; i < depth; i++) text.Append(new string(' ', i)).Append("k:\n");
        return text.ToString();
    }

    private static string Write(string root, string text)
    {
        var path = Path.Combine(root, "deploy.yml");
        File.WriteAllText(path, text);
        return path;
    }

    private static string WriteBytes(string root, byte[] bytes)
    {
        var path = Path.Combine(root, "deploy.yml");
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static string Fifo(string path)
    {
        using var mkfifo = Process.Start("mkfifo", [path]);
        mkfifo.WaitForExit();
        return path;
    }

    private static string Link(string path, string target)
    {
        File.CreateSymbolicLink(path, target);
        return path;
    }

    private static string Loop(string root)
    {
        Link(Path.Combine(root, "b.yml"), Path.Combine(root, "deploy.yml"));
        return Link(Path.Combine(root, "deploy.yml"), Path.Combine(root, "b.yml"));
    }
}
