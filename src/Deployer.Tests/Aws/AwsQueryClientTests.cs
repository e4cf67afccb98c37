using Deployer.Aws;
using Deployer.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace Deployer.Tests.Aws;

/// <summary>The query-protocol client against a real local HTTP server: form bodies, XML results and errors, retries on the injected clock.</summary>
public sealed class AwsQueryClientTests
{
    private const string Namespace = "http://rds.amazonaws.com/doc/2014-10-31/";

    private static (AwsClients Clients, AwsQueryClient Rds) Client(Uri endpoint, TimeProvider time, AwsRetryPolicy? retry = null)
    {
        var settings = AwsEnvironment.Resolve(new Dictionary<string, string>
        {
            ["AWS_ACCESS_KEY_ID"] = "AKIDSTUB",
            ["AWS_SECRET_ACCESS_KEY"] = "stub-secret",
            ["AWS_REGION"] = "eu-west-1",
            ["AWS_ENDPOINT_URL_RDS"] = endpoint.ToString(),
        }) with { Retry = retry ?? AwsRetryPolicy.Default };
        var clients = AwsClients.Create(settings, time);
        return (clients, clients.QueryClient(AwsService.Rds));
    }

    private static async Task<T> WithClockRunning<T>(FakeTimeProvider time, Task<T> call)
    {
        while (!call.IsCompleted)
        {
            time.Advance(TimeSpan.FromMilliseconds(50));
            await Task.WhenAny(call, Task.Delay(2));
        }
        return await call;
    }

    private static StubResponse Error(int status, string code, string message) => new(status,
        $"""<ErrorResponse xmlns="{Namespace}"><Error><Type>Sender</Type><Code>{code}</Code><Message>{message}</Message></Error><RequestId>req-{code}</RequestId></ErrorResponse>""");

    [Fact]
    public void The_form_body_starts_with_Action_and_Version_and_percent_encodes_every_value()
    {
        var body = AwsQueryClient.FormBody("CreateDBSnapshot", "2014-10-31",
            [new("DBSnapshotIdentifier", "shop-prod-db-20250101-120000"), new("Tags.Tag.1.Key", "deployer:app"), new("Tags.Tag.1.Value", "a b&c=d/é")]);

        Assert.Equal("Action=CreateDBSnapshot&Version=2014-10-31&DBSnapshotIdentifier=shop-prod-db-20250101-120000" +
                     "&Tags.Tag.1.Key=deployer%3Aapp&Tags.Tag.1.Value=a%20b%26c%3Dd%2F%C3%A9", body);
    }

    [Fact]
    public async Task The_result_element_of_the_action_is_returned_and_the_request_is_a_signed_form_post()
    {
        await using var server = await StubAwsServer.StartAsync(_ => StubResponse.Ok(
            $"""<DescribeDBInstancesResponse xmlns="{Namespace}"><DescribeDBInstancesResult><DBInstances><DBInstance><DBInstanceIdentifier>db1</DBInstanceIdentifier></DBInstance></DBInstances></DescribeDBInstancesResult><ResponseMetadata><RequestId>r1</RequestId></ResponseMetadata></DescribeDBInstancesResponse>"""));
        var (clients, rds) = Client(server.Endpoint, TimeProvider.System);
        using var _ = clients;

        var result = await rds.SendAsync("DescribeDBInstances", [new("DBInstanceIdentifier", "db1")], CancellationToken.None);

        Assert.Equal("DescribeDBInstancesResult", result.Name.LocalName);
        Assert.Equal("db1", result.Descendants().Single(e => e.Name.LocalName == "DBInstanceIdentifier").Value);
        var request = Assert.Single(server.Requests);
        Assert.Equal("Action=DescribeDBInstances&Version=2014-10-31&DBInstanceIdentifier=db1", request.Body);
        Assert.Equal("application/x-www-form-urlencoded; charset=utf-8", request.Headers["Content-Type"]);
        Assert.Matches(@"^AWS4-HMAC-SHA256 Credential=AKIDSTUB/\d{8}/eu-west-1/rds/aws4_request, ", request.Headers["Authorization"]);
        Assert.False(request.Headers.ContainsKey("X-Amz-Target"));
    }

    [Fact]
    public async Task An_XML_error_becomes_a_service_error_with_its_code_message_and_request_id_and_is_not_retried()
    {
        await using var server = await StubAwsServer.StartAsync(_ => Error(404, "DBInstanceNotFound", "DBInstance nope not found."));
        var (clients, rds) = Client(server.Endpoint, TimeProvider.System);
        using var _ = clients;

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => rds.SendAsync("DescribeDBInstances", [new("DBInstanceIdentifier", "nope")], CancellationToken.None));

        Assert.Equal("RDS DescribeDBInstances failed: DBInstanceNotFound: DBInstance nope not found.", error.Message);
        Assert.Equal((404, "req-DBInstanceNotFound"), (error.HttpStatus, error.RequestId));
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task Throttling_is_retried_with_backoff_on_the_injected_clock_and_then_reported()
    {
        var time = new FakeTimeProvider();
        await using var server = await StubAwsServer.StartAsync(_ => Error(400, "Throttling", "Rate exceeded"));
        var (clients, rds) = Client(server.Endpoint, time, AwsRetryPolicy.Default with { MaxAttempts = 3 });
        using var _ = clients;

        var error = await Assert.ThrowsAsync<AwsServiceException>(() =>
            WithClockRunning(time, rds.SendAsync("DescribeDBSnapshots", [new("DBSnapshotIdentifier", "s")], CancellationToken.None)));

        Assert.Equal("RDS DescribeDBSnapshots failed: Throttling: Rate exceeded", error.Message);
        Assert.Equal(3, server.Requests.Count);
    }

    [Fact]
    public async Task A_throttled_call_succeeds_once_the_service_answers()
    {
        var time = new FakeTimeProvider();
        var calls = 0;
        await using var server = await StubAwsServer.StartAsync(_ => Interlocked.Increment(ref calls) == 1
            ? Error(400, "Throttling", "Rate exceeded")
            : StubResponse.Ok($"""<DescribeDBSnapshotsResponse xmlns="{Namespace}"><DescribeDBSnapshotsResult><DBSnapshots/></DescribeDBSnapshotsResult></DescribeDBSnapshotsResponse>"""));
        var (clients, rds) = Client(server.Endpoint, time);
        using var _ = clients;

        var result = await WithClockRunning(time, rds.SendAsync("DescribeDBSnapshots", [], CancellationToken.None));

        Assert.Equal("DescribeDBSnapshotsResult", result.Name.LocalName);
        Assert.Equal(2, server.Requests.Count);
    }

    [Fact]
    public async Task A_gateway_page_is_not_quoted()
    {
        var time = new FakeTimeProvider();
        await using var server = await StubAwsServer.StartAsync(_ => new StubResponse(502, "<html>Bad Gateway from proxy"));
        var (clients, rds) = Client(server.Endpoint, time, AwsRetryPolicy.Default with { MaxAttempts = 2 });
        using var _ = clients;

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => WithClockRunning(time, rds.SendAsync("DescribeDBInstances", [], CancellationToken.None)));

        Assert.Equal("RDS DescribeDBInstances failed: Http502: HTTP 502 without an AWS error message", error.Message);
        Assert.Equal(2, server.Requests.Count);
    }

    [Theory]
    [InlineData("""<ErrorResponse><Error><Code>InvalidDBInstanceState</Code><Message>busy</Message></Error><RequestId>r</RequestId></ErrorResponse>""", "InvalidDBInstanceState", "busy")]
    [InlineData("""<Response><Errors><Error><Code>InvalidParameterValue</Code><Message>bad</Message></Error></Errors><RequestID>r</RequestID></Response>""", "InvalidParameterValue", "bad")]
    [InlineData("", "Http500", "HTTP 500 without an AWS error message")]
    public void Errors_are_read_from_RDS_and_EC2_shaped_bodies(string body, string code, string message)
    {
        var error = AwsQueryError.Parse(AwsService.Rds, "CreateDBSnapshot", 500, null, System.Text.Encoding.UTF8.GetBytes(body));

        Assert.Equal((code, message), (error.Code, error.AwsMessage));
    }
}
