using System.Xml.Linq;

namespace Deployer.Aws.CloudWatch;

/// <summary><see cref="ICloudWatchApi"/> over the query protocol: lists are <c>Name.member.N</c>, answers are XML.</summary>
public sealed class CloudWatchApiClient(AwsQueryClient client) : ICloudWatchApi
{
    /// <summary>DescribeAlarms takes at most 100 names per request.</summary>
    private const int NamesPerRequest = 100;

    public async Task<IReadOnlyList<AlarmState>> DescribeAlarmsAsync(IReadOnlyList<string> alarmNames, CancellationToken cancellationToken)
    {
        var alarms = new List<AlarmState>();
        foreach (var chunk in alarmNames.Chunk(NamesPerRequest))
        {
            string? next = null;
            do
            {
                List<KeyValuePair<string, string>> parameters = [.. chunk.Select((name, i) => new KeyValuePair<string, string>($"AlarmNames.member.{i + 1}", name)),
                    new("AlarmTypes.member.1", "MetricAlarm"), new("AlarmTypes.member.2", "CompositeAlarm")];
                if (next is not null) parameters.Add(new("NextToken", next));
                var result = await client.SendAsync("DescribeAlarms", parameters, cancellationToken);
                alarms.AddRange(Members(result, "MetricAlarms").Concat(Members(result, "CompositeAlarms")).Select(Alarm));
                next = Text(result, "NextToken");
            } while (next is not null);
        }
        return alarms;
    }

    private static AlarmState Alarm(XElement alarm) =>
        new(Text(alarm, "AlarmName") ?? "", Text(alarm, "StateValue") ?? "INSUFFICIENT_DATA", Text(alarm, "StateReason"));

    private static IEnumerable<XElement> Members(XElement result, string list) =>
        Child(result, list)?.Elements().Where(e => e.Name.LocalName == "member") ?? [];

    private static XElement? Child(XElement? parent, string name) => parent?.Elements().FirstOrDefault(e => e.Name.LocalName == name);

    private static string? Text(XElement parent, string name) => Child(parent, name)?.Value is { Length: > 0 } text ? text : null;
}
