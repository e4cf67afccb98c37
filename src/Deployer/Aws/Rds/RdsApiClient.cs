using System.Globalization;
using System.Xml.Linq;

namespace Deployer.Aws.Rds;

/// <summary><see cref="IRdsApi"/> over the query protocol: members are PascalCase, lists are <c>Name.Member.N</c>.</summary>
public sealed class RdsApiClient(AwsQueryClient client) : IRdsApi
{
    public async Task<DbInstance?> DescribeDbInstanceAsync(string instance, CancellationToken cancellationToken)
    {
        try
        {
            var result = await client.SendAsync("DescribeDBInstances", [new("DBInstanceIdentifier", instance)], cancellationToken);
            return Items(result, "DBInstances", "DBInstance").Select(Instance).FirstOrDefault();
        }
        catch (AwsServiceException e) when (e.Code == "DBInstanceNotFound")
        {
            return null;
        }
    }

    public async Task<DbSnapshot> CreateDbSnapshotAsync(string snapshot, string instance, IReadOnlyList<RdsTag> tags, CancellationToken cancellationToken)
    {
        List<KeyValuePair<string, string>> parameters = [new("DBSnapshotIdentifier", snapshot), new("DBInstanceIdentifier", instance)];
        for (var i = 0; i < tags.Count; i++)
        {
            // TagList's members are named Tag: Tags.Tag.1.Key, as botocore serializes them.
            parameters.Add(new($"Tags.Tag.{i + 1}.Key", tags[i].Key));
            parameters.Add(new($"Tags.Tag.{i + 1}.Value", tags[i].Value));
        }
        var result = await client.SendAsync("CreateDBSnapshot", parameters, cancellationToken);
        return Snapshot(Child(result, "DBSnapshot") ?? throw new InvalidDataException("RDS CreateDBSnapshot returned no DBSnapshot."));
    }

    public async Task<DbSnapshot?> DescribeDbSnapshotAsync(string snapshot, CancellationToken cancellationToken)
    {
        try
        {
            var result = await client.SendAsync("DescribeDBSnapshots", [new("DBSnapshotIdentifier", snapshot)], cancellationToken);
            return Items(result, "DBSnapshots", "DBSnapshot").Select(Snapshot).FirstOrDefault();
        }
        catch (AwsServiceException e) when (e.Code == "DBSnapshotNotFound")
        {
            return null;
        }
    }

    private static DbInstance Instance(XElement xml) => new(
        Text(xml, "DBInstanceIdentifier") ?? throw new InvalidDataException("RDS returned a DB instance without an identifier."),
        Text(xml, "DBInstanceStatus") ?? "unknown",
        Text(xml, "Engine"),
        Text(xml, "EngineVersion"),
        Text(xml, "DBClusterIdentifier"),
        Text(xml, "DBInstanceArn"));

    private static DbSnapshot Snapshot(XElement xml) => new(
        Text(xml, "DBSnapshotIdentifier") ?? throw new InvalidDataException("RDS returned a DB snapshot without an identifier."),
        Text(xml, "DBInstanceIdentifier") ?? "",
        Text(xml, "Status") ?? "unknown",
        int.TryParse(Text(xml, "PercentProgress"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var percent) ? percent : null,
        Text(xml, "DBSnapshotArn"),
        DateTimeOffset.TryParse(Text(xml, "SnapshotCreateTime"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var created) ? created : null);

    private static IEnumerable<XElement> Items(XElement result, string list, string member) =>
        Child(result, list)?.Elements().Where(e => e.Name.LocalName == member) ?? [];

    private static XElement? Child(XElement? parent, string name) => parent?.Elements().FirstOrDefault(e => e.Name.LocalName == name);

    private static string? Text(XElement parent, string name) => Child(parent, name)?.Value is { Length: > 0 } text ? text : null;
}
