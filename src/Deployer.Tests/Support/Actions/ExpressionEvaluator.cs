using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;

namespace Deployer.Tests.Support.Actions;

/// <summary>What expressions can read: the contexts (inputs, steps, github, env, runner) and the job status.</summary>
/// <param name="Contexts">One JSON object per context name; a name not here is an error, as in the runner.</param>
public sealed record ExpressionScope(JsonObject Contexts, bool Failed = false, bool Cancelled = false);

/// <summary>
/// GitHub Actions expressions evaluated by GitHub's own evaluator (the npm package @actions/expressions) in one node
/// process (tools/evaluate-expressions.mjs) kept for the object's lifetime, so a composite action run starts node once
/// and sends a batch per step. <c>if:</c> values are wrapped in <c>success() &amp;&amp; (…)</c> unless they call a status
/// function, as the runner does; templates replace every <c>${{ … }}</c> by its value as a string.
/// </summary>
public sealed class ExpressionEvaluator : IDisposable
{
    private readonly Process _node;
    private readonly StringBuilder _errors = new();
    private readonly SemaphoreSlim _gate = new(1, 1);

    public ExpressionEvaluator()
    {
        var start = new ProcessStartInfo(NodeTools.Require(Path.Combine("@actions", "expressions")))
        {
            WorkingDirectory = Repository.Root,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardInputEncoding = new UTF8Encoding(false),
            StandardOutputEncoding = Encoding.UTF8,
        };
        start.ArgumentList.Add(Repository.PathOf("tools", "evaluate-expressions.mjs"));
        _node = Process.Start(start)!;
        _node.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (_errors) _errors.AppendLine(e.Data); };
        _node.BeginErrorReadLine();
    }

    /// <summary>An <c>if:</c> value, with or without <c>${{ }}</c>.</summary>
    public async Task<bool> ConditionAsync(string condition, ExpressionScope scope) =>
        (await EvaluateAsync(scope, [("if", condition)]))[0] == "true";

    /// <summary>Each text with its <c>${{ … }}</c> replaced (env:, with:, outputs, input defaults), in one request.</summary>
    public Task<IReadOnlyList<string>> InterpolateAsync(IReadOnlyList<string> texts, ExpressionScope scope) =>
        EvaluateAsync(scope, texts.Select(text => ("template", text)).ToArray());

    public async Task<string> InterpolateAsync(string text, ExpressionScope scope) => (await InterpolateAsync([text], scope))[0];

    private async Task<IReadOnlyList<string>> EvaluateAsync(ExpressionScope scope, IReadOnlyList<(string Kind, string Text)> expressions)
    {
        if (expressions.Count == 0) return [];
        var request = new JsonObject
        {
            ["context"] = scope.Contexts.DeepClone(),
            ["status"] = new JsonObject { ["failed"] = scope.Failed, ["cancelled"] = scope.Cancelled },
            ["expressions"] = new JsonArray(expressions.Select(e => (JsonNode)new JsonObject { ["kind"] = e.Kind, ["text"] = e.Text }).ToArray()),
        };
        string? line;
        await _gate.WaitAsync();
        try
        {
            await _node.StandardInput.WriteLineAsync(request.ToJsonString());
            await _node.StandardInput.FlushAsync();
            line = await _node.StandardOutput.ReadLineAsync();
        }
        finally
        {
            _gate.Release();
        }
        if (line is null)
        {
            await _node.WaitForExitAsync();
            lock (_errors) throw new InvalidOperationException($"tools/evaluate-expressions.mjs exited ({_node.ExitCode}): {_errors}");
        }
        var results = JsonNode.Parse(line)!["results"]!.AsArray();
        return results.Select(result => result!["error"] is { } error
            ? throw new InvalidOperationException(error.GetValue<string>())
            : result["value"]!.GetValue<string>()).ToArray();
    }

    public void Dispose()
    {
        try
        {
            _node.StandardInput.Close(); // node ends when its input does
            if (!_node.WaitForExit(TimeSpan.FromSeconds(5))) _node.Kill();
        }
        catch (InvalidOperationException)
        {
            // already gone
        }
        _node.Dispose();
        _gate.Dispose();
    }
}
