namespace Deployer.Aws.Ecr;

/// <summary>An image scan as ECR reports it: its status and, once complete, every finding (basic or enhanced).</summary>
/// <param name="Status">ScanStatus: IN_PROGRESS, COMPLETE, FAILED, ACTIVE, PENDING …</param>
/// <param name="SeverityCounts">findingSeverityCounts, as ECR counted them (allow-listed findings included).</param>
public sealed record EcrScanFindings(string Status, string? Description, IReadOnlyList<EcrFinding> Findings, IReadOnlyDictionary<string, int> SeverityCounts);

/// <summary>One finding: a CVE (or other vulnerability id) in one package.</summary>
/// <param name="FixedIn">The first version without it; basic scanning never says.</param>
public sealed record EcrFinding(string Id, string Severity, string? Package = null, string? Version = null, string? FixedIn = null);
