using Deployer.Planning;

namespace Deployer.Providers.Verify;

/// <summary>Watch <see cref="BakeSpec.Alarms"/> for <see cref="BakeSpec.Minutes"/> once every target has switched.</summary>
public sealed record WatchAlarmsStep(string Id, IReadOnlyList<string> DependsOn, BakeSpec Bake) : Step(Id, DependsOn)
{
    public override string Provider => VerifyModule.Id;
    public override string Summary => $"watch {Bake.Alarms.Count} CloudWatch alarm(s) for {Bake.Minutes:0.##} min";
    public override IEnumerable<(string, string)> Details() =>
        [("alarms", string.Join(", ", Bake.Alarms)), ("bake", $"{Bake.Minutes:0.##} min; an alarm in ALARM rolls the release back")];
}
