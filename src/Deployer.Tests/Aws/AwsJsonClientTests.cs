using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Deployer.Aws;
using Deployer.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace Deployer.Tests.Aws;

/// <summary>The awsJson1_1 client against a real local HTTP server: errors, retries, backoff on the injected clock, cancellation.</summary>
public sealed class AwsJsonClientTests
{
    private static readonly JsonObject Describe = new() { ["cluster"] = "prod", ["services"] = new JsonArray("web") };

    private static (AwsClients Clients, AwsJsonClient Ecs) Client(Uri endpoint, TimeProvider time, AwsRetryPolicy? retry = null, HttpMessageHandler? transport = null)
    {
        var settings = AwsEnvironment.Resolve(new Dictionary<string, string>
        {
            ["AWS_ACCESS_KEY_ID"] = "AKIDSTUB",
            ["AWS_SECRET_ACCESS_KEY"] = "stub-secret",
            ["AWS_REGION"] = "eu-west-1",
            ["AWS_ENDPOINT_URL_ECS"] = endpoint.ToString(),
        }) with { Retry = retry ?? AwsRetryPolicy.Default };
        var clients = AwsClients.Create(settings, time, transport);
        return (clients, clients.JsonClient(AwsService.Ecs));
    }

    /// <summary>Runs <paramref name="call"/> while moving the fake clock on in small steps, so retry delays elapse.</summary>
    private static async Task<T> WithClockRunning<T>(FakeTimeProvider time, Task<T> call)
    {
        while (!call.IsCompleted)
        {
            time.Advance(TimeSpan.FromMilliseconds(50));
            await Task.WhenAny(call, Task.Delay(2));
        }
        return await call;
    }

    [Fact]
    public async Task A_throttled_call_succeeds_on_the_third_attempt_after_backing_off_on_the_injected_clock()
    {
        var time = new FakeTimeProvider();
        var arrivals = new List<DateTimeOffset>();
        await using var server = await StubAwsServer.StartAsync(request =>
        {
            lock (arrivals) arrivals.Add(time.GetUtcNow());
            return arrivals.Count <= 2
                ? StubResponse.Error(400, "com.amazonaws.ecs#ThrottlingException", "Rate exceeded")
                : StubResponse.Ok("""{"services":[],"failures":[]}""");
        });
        var (clients, ecs) = Client(server.Endpoint, time);
        using var _ = clients;

        var response = await WithClockRunning(time, ecs.SendAsync("DescribeServices", Describe, CancellationToken.None));

        Assert.NotNull(response["failures"]);
        Assert.Equal(3, server.Requests.Count);
        Assert.All(server.Requests, r => Assert.Equal("AmazonEC2ContainerServiceV20141113.DescribeServices", r.Target));
        // Full jitter: each delay is at most base × 2^retry, and it is spent on the injected clock.
        Assert.InRange(arrivals[1] - arrivals[0], TimeSpan.Zero, TimeSpan.FromMilliseconds(200 + 50));
        Assert.InRange(arrivals[2] - arrivals[1], TimeSpan.Zero, TimeSpan.FromMilliseconds(400 + 50));
    }

    [Fact]
    public async Task Every_retry_waits_as_long_as_the_jitter_says()
    {
        // The delays are read where they are asked of the clock, not from arrival times: those also count how long the
        // machine took to send the next request, which a busy CI runner stretches.
        var time = new DelayRecordingTimeProvider();
        var arrivals = 0;
        await using var server = await StubAwsServer.StartAsync(_ =>
            Interlocked.Increment(ref arrivals) <= 2 ? StubResponse.Error(429, "TooManyRequestsException", "Slow down") : StubResponse.Ok("{}"));
        // A fixed jitter of 1.0 makes every delay its ceiling: 200 ms, then 400 ms.
        using var http = new HttpClient(new Amazon.Runtime.Signing.SigV4SigningHandler(
            new Amazon.Runtime.BasicAWSCredentials("AKIDSTUB", "s"), Amazon.RegionEndpoint.EUWest1, "ecs", new SocketsHttpHandler()));
        var client = new AwsJsonClient(AwsService.Ecs, server.Endpoint, http, AwsRetryPolicy.Default, time, random: () => 1.0);

        await WithClockRunning(time, client.SendAsync("DescribeServices", Describe, CancellationToken.None));

        Assert.Equal(3, arrivals);
        Assert.Equal([TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(400)], time.Delays);
    }

    /// <summary>A fake clock that remembers the due time of every one-shot timer shorter than a request timeout (retry delays).</summary>
    private sealed class DelayRecordingTimeProvider : FakeTimeProvider
    {
        private readonly List<TimeSpan> _delays = [];

        public IReadOnlyList<TimeSpan> Delays { get { lock (_delays) return [.. _delays]; } }

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            if (dueTime > TimeSpan.Zero && dueTime < TimeSpan.FromSeconds(10) && period == Timeout.InfiniteTimeSpan)
                lock (_delays) _delays.Add(dueTime);
            return base.CreateTimer(callback, state, dueTime, period);
        }
    }

    [Fact]
    public async Task A_server_error_that_persists_fails_after_the_maximum_attempts_with_the_AWS_code_and_message()
    {
        var time = new FakeTimeProvider();
        await using var server = await StubAwsServer.StartAsync(_ => StubResponse.Error(500, "ServerException", "Internal failure."));
        var (clients, ecs) = Client(server.Endpoint, time);
        using var _ = clients;

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => WithClockRunning(time, ecs.SendAsync("UpdateService", Describe, CancellationToken.None)));

        Assert.Equal("ECS UpdateService failed: ServerException: Internal failure.", error.Message);
        Assert.Equal(("ECS", "UpdateService", "ServerException", 500, "stub-request-id"), (error.Service, error.Operation, error.Code, error.HttpStatus, error.RequestId));
        Assert.Equal(AwsRetryPolicy.Default.MaxAttempts, server.Requests.Count);
    }

    [Theory]
    [InlineData(400, "ValidationException")]
    [InlineData(400, "ServiceNotFoundException")]
    [InlineData(403, "AccessDeniedException")]
    public async Task Client_errors_are_not_retried(int status, string code)
    {
        await using var server = await StubAwsServer.StartAsync(_ => StubResponse.Error(status, code, "No."));
        var (clients, ecs) = Client(server.Endpoint, new FakeTimeProvider());
        using var _ = clients;

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => ecs.SendAsync("UpdateService", Describe, CancellationToken.None));

        Assert.Equal(code, error.Code);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task Cancellation_stops_the_retry_wait()
    {
        var time = new FakeTimeProvider();
        await using var server = await StubAwsServer.StartAsync(_ => StubResponse.Error(503, "ServiceUnavailableException", "Try later"));
        var (clients, ecs) = Client(server.Endpoint, time);
        using var _ = clients;
        using var cancellation = new CancellationTokenSource();

        // The clock never moves: the call can only be waiting for its first retry when it is cancelled.
        var call = ecs.SendAsync("DescribeServices", Describe, cancellation.Token);
        while (server.Requests.Count == 0) await Task.Delay(5);
        await Task.Delay(50);
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task Network_errors_are_retried_then_reported_with_the_operation()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var closedPort = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var recorder = new RecordingHandler();
        var time = new FakeTimeProvider();
        var (clients, ecs) = Client(new Uri($"http://127.0.0.1:{closedPort}/"), time, AwsRetryPolicy.Default with { MaxAttempts = 3 }, recorder);
        using var _ = clients;

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => WithClockRunning(time, ecs.SendAsync("DescribeServices", Describe, CancellationToken.None)));

        Assert.StartsWith("ECS DescribeServices failed after 3 attempts:", error.Message);
        Assert.Equal(3, recorder.Requests.Count);
    }

    [Fact]
    public async Task A_gateway_page_is_not_quoted_and_is_retried_as_a_server_error()
    {
        var time = new FakeTimeProvider();
        await using var server = await StubAwsServer.StartAsync(_ => new StubResponse(502, "<html>Bad Gateway from proxy</html>"));
        var (clients, ecs) = Client(server.Endpoint, time, AwsRetryPolicy.Default with { MaxAttempts = 2 });
        using var _ = clients;

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => WithClockRunning(time, ecs.SendAsync("DescribeServices", Describe, CancellationToken.None)));

        Assert.Equal("ECS DescribeServices failed: Http502: HTTP 502 without an AWS error message", error.Message);
        Assert.Equal(2, server.Requests.Count);
    }

    [Theory]
    [InlineData("ServiceNotFoundException", "ServiceNotFoundException")]
    [InlineData("com.amazonaws.ecs#ServiceNotFoundException", "ServiceNotFoundException")]
    [InlineData("ServiceNotFoundException:http://internal.amazon.com/coral/com.amazon.coral.service/", "ServiceNotFoundException")]
    [InlineData("aws.protocoltests.restjson#FooError:http://internal.amazon.com/coral/com.amazon.coral.validate/", "FooError")]
    [InlineData(" ThrottlingException ", "ThrottlingException")]
    public void Error_codes_lose_their_namespace_and_suffix(string raw, string code) => Assert.Equal(code, AwsJsonError.NormalizeCode(raw));

    [Theory]
    [InlineData("""{"__type":"ResourceNotFoundException","Message":"Secrets Manager can't find the specified secret."}""", null, "ResourceNotFoundException", "Secrets Manager can't find the specified secret.")]
    [InlineData("""{"message":"Service not found."}""", "ServiceNotFoundException:http://internal", "ServiceNotFoundException", "Service not found.")]
    [InlineData("", null, "Http500", "HTTP 500 without an AWS error message")]
    public void Errors_take_the_code_from_the_body_or_the_header(string body, string? header, string code, string message)
    {
        var error = AwsJsonError.Parse(AwsService.SecretsManager, "GetSecretValue", 500, "rid", header, System.Text.Encoding.UTF8.GetBytes(body));

        Assert.Equal((code, message), (error.Code, error.AwsMessage));
        Assert.Equal($"Secrets Manager GetSecretValue failed: {code}: {message}", error.Message);
    }

    [Theory]
    [InlineData(0, 1.0, 200)]
    [InlineData(1, 1.0, 400)]
    [InlineData(2, 0.5, 400)]
    [InlineData(3, 0.0, 0)]
    [InlineData(6, 1.0, 12_800)]
    [InlineData(7, 1.0, 20_000)]
    [InlineData(500, 1.0, 20_000)]
    public void Backoff_is_full_jitter_under_an_exponential_ceiling_and_a_cap(int retry, double random, int milliseconds) =>
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), AwsRetryPolicy.Default.Delay(retry, random));

    [Theory]
    [InlineData("ThrottlingException", 400, true)]
    [InlineData("Throttling", 400, true)]
    [InlineData("TooManyRequestsException", 400, true)]
    [InlineData("RequestLimitExceeded", 400, true)]
    [InlineData("ProvisionedThroughputExceededException", 400, true)]
    [InlineData("Http429", 429, true)]
    [InlineData("InternalFailure", 500, true)]
    [InlineData("ServiceUnavailable", 503, true)]
    [InlineData("ValidationException", 400, false)]
    [InlineData("AccessDeniedException", 403, false)]
    [InlineData("ResourceNotFoundException", 404, false)]
    public void Only_throttling_and_server_errors_are_retryable(string code, int status, bool retryable) =>
        Assert.Equal(retryable, AwsRetryPolicy.IsRetryable(code, status));
}
