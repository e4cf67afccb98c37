namespace Deployer.Aws.Roles;

/// <summary>
/// Whether the identity STS reports for the current credentials already is the wanted role. GetCallerIdentity names an
/// assumed role <c>arn:aws:sts::123456789012:assumed-role/deploy/session</c>, without the role's path, while the
/// description names it <c>arn:aws:iam::123456789012:role/path/deploy</c>; partition, account and name must match.
/// </summary>
public static class RoleArn
{
    public static bool IsSameRole(string wantedRole, string callerArn) =>
        Role(wantedRole) is { } wanted && AssumedRole(callerArn) is { } caller && wanted == caller;

    /// <summary>(partition, account, name) of <c>arn:P:iam::A:role/[path/]N</c>, else null.</summary>
    public static (string Partition, string Account, string Name)? Role(string arn) =>
        Split(arn) is ("iam", var partition, var account, var resource) && resource.StartsWith("role/", StringComparison.Ordinal)
            ? (partition, account, resource[(resource.LastIndexOf('/') + 1)..])
            : null;

    /// <summary>(partition, account, role name) of <c>arn:P:sts::A:assumed-role/N/session</c>, else null.</summary>
    private static (string Partition, string Account, string Name)? AssumedRole(string arn) =>
        Split(arn) is ("sts", var partition, var account, var resource) && resource.Split('/') is ["assumed-role", var name, _]
            ? (partition, account, name)
            : null;

    private static (string Service, string Partition, string Account, string Resource)? Split(string arn) =>
        arn.Split(':', 6) is ["arn", var partition, var service, "", var account, var resource] && account.Length > 0 && resource.Length > 0
            ? (service, partition, account, resource)
            : null;
}
