using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text;
using Deployer.Tests.Support;

namespace Deployer.Tests.Providers.Sam;

/// <summary>
/// The network below Deployer's AWS clients in the SAM tests, in front of moto: every CloudFormation request is checked
/// against botocore's model, every template Deployer submits is validated with cfn-lint, and a template with the
/// Serverless transform is expanded with the real aws-sam-translator before moto sees it (as CloudFormation does server
/// side; moto has no transforms). Tests can also answer an action themselves (throttling, 5xx) for a number of calls.
/// </summary>
public sealed class CloudFormationFront() : DelegatingHandler(new SocketsHttpHandler { AllowAutoRedirect = false })
{
    private readonly ConcurrentQueue<string> _violations = new();
    private readonly ConcurrentQueue<KeyValuePair<string, string>[]> _requests = new();
    private readonly ConcurrentDictionary<string, Queue<HttpStatusCode>> _faults = new();

    /// <summary>Model violations and cfn-lint errors seen so far; a test asserts there are none.</summary>
    public IReadOnlyList<string> Violations => _violations.ToArray();

    /// <summary>The CloudFormation requests, as form fields, in order.</summary>
    public IReadOnlyList<KeyValuePair<string, string>[]> Requests => _requests.ToArray();

    public IEnumerable<string> Actions => Requests.Select(r => r.First(f => f.Key == "Action").Value);

    /// <summary>The next <paramref name="times"/> calls of <paramref name="action"/> fail with <paramref name="status"/> (429 is Throttling).</summary>
    public void Fail(string action, HttpStatusCode status, int times)
    {
        var queue = _faults.GetOrAdd(action, _ => new Queue<HttpStatusCode>());
        lock (queue) for (var i = 0; i < times; i++) queue.Enqueue(status);
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var authorization = request.Headers.TryGetValues("Authorization", out var values) ? string.Join(' ', values) : "";
        if (request.Content is null || !authorization.Contains("/cloudformation/aws4_request", StringComparison.Ordinal))
            return await base.SendAsync(request, cancellationToken);
        var form = RecordingHandler.ParseForm(await request.Content.ReadAsStringAsync(cancellationToken)).ToArray();
        var action = form.First(f => f.Key == "Action").Value;
        _requests.Enqueue(form);
        foreach (var violation in ServiceModel.Botocore.ValidateQueryInput("cloudformation", form)) _violations.Enqueue($"{action}: {violation}");
        if (_faults.TryGetValue(action, out var faults))
            lock (faults)
                if (faults.TryDequeue(out var status))
                    return Error(status);
        if (action == "CreateChangeSet")
        {
            var body = form.First(f => f.Key == "TemplateBody").Value;
            foreach (var error in await LintAsync(body)) _violations.Enqueue($"cfn-lint: {error}");
            if (body.Contains("AWS::Serverless-2016-10-31", StringComparison.Ordinal))
            {
                var expanded = await TranslateAsync(body);
                form = form.Select(f => f.Key == "TemplateBody" ? new KeyValuePair<string, string>(f.Key, expanded) : f).ToArray();
                request.Content = new StringContent(Deployer.Aws.AwsQueryClient.FormBody(action, form.First(f => f.Key == "Version").Value,
                    form.Where(f => f.Key is not ("Action" or "Version"))), Encoding.UTF8, "application/x-www-form-urlencoded");
            }
        }
        return await base.SendAsync(request, cancellationToken);
    }

    private static HttpResponseMessage Error(HttpStatusCode status)
    {
        var code = status == HttpStatusCode.TooManyRequests ? "Throttling" : "InternalFailure";
        return new HttpResponseMessage(status)
        {
            Content = new StringContent($"<ErrorResponse><Error><Type>Sender</Type><Code>{code}</Code><Message>injected {code}</Message></Error><RequestId>front</RequestId></ErrorResponse>",
                Encoding.UTF8, "text/xml"),
        };
    }

    private static async Task<IReadOnlyList<string>> LintAsync(string template)
    {
        var file = Path.Combine(Path.GetTempPath(), $"deployer-submitted-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(file, template);
        try
        {
            var (exit, output, _) = await RunAsync("cfn-lint", ["--format", "parseable", "--", file], "");
            return (exit & 2) == 0 ? [] : output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static async Task<string> TranslateAsync(string template)
    {
        var script = Repository.PathOf("src", "Deployer.Tests", "Providers", "Sam", "sam_translate.py");
        var (exit, output, error) = await RunAsync("python3", [script, MotoServer.Region], template);
        return exit == 0 ? output : throw new InvalidOperationException($"aws-sam-translator refused the template: {error}");
    }

    private static async Task<(int Exit, string Output, string Error)> RunAsync(string program, string[] arguments, string input)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        await process.StandardInput.WriteAsync(input);
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output, await error);
    }
}
