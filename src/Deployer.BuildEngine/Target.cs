namespace Deployer.BuildEngine;

/// <summary>
/// A build target, declared as a property: <c>Target Test => _ => _.DependsOn(Compile).Executes(...)</c>.
/// The engine calls the delegate once to read the definition; other targets refer to it by the
/// delegate the property returns, so names never have to be spelled as strings.
/// </summary>
public delegate ITargetDefinition Target(ITargetDefinition definition);
