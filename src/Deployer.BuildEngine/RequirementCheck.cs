using System.Collections;
using System.Linq.Expressions;
using System.Reflection;

namespace Deployer.BuildEngine;

/// <summary>
/// Evaluates every <c>Requires</c> of the targets about to run, before the first one starts, and
/// reports all failures together so a deploy never stops half-way for a missing parameter.
/// </summary>
internal static class RequirementCheck
{
    /// <param name="sourceOf">Where a parameter's value came from (command line, environment variable, file), when known.</param>
    public static IReadOnlyList<string> Failures(
        IEnumerable<ExecutableTarget> targets, IReadOnlyList<BuildParameter> parameters, Func<BuildParameter, string?>? sourceOf = null)
    {
        var failures = new List<(string Message, string Target)>();
        foreach (var target in targets)
        {
            foreach (var requirement in target.Definition.Requirements)
            {
                if (Check(requirement, parameters, sourceOf) is { } message)
                    failures.Add((message, target.Name));
            }
        }

        // The same missing parameter is usually required by several targets: say it once.
        return failures
            .GroupBy(f => f.Message)
            .Select(g => g.Key.Replace("{targets}", Targets(g.Select(f => f.Target).Distinct().ToList()), StringComparison.Ordinal))
            .ToList();
    }

    private static string? Check(Requirement requirement, IReadOnlyList<BuildParameter> parameters, Func<BuildParameter, string?>? sourceOf)
    {
        object? value;
        try
        {
            value = requirement.Expression.Compile().DynamicInvoke();
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            return $"Requirement '{ExpressionText.Of(requirement.Expression)}' of {{targets}} could not be evaluated: {e.InnerException.Message}";
        }

        if (!requirement.IsParameter)
            return value is true ? null : $"Requirement '{ExpressionText.Of(requirement.Expression)}' of {{targets}} is not met.{Given(requirement.Expression, parameters, sourceOf)}";
        if (IsSet(value))
            return null;

        var member = Unwrap(requirement.Expression.Body) as MemberExpression;
        var parameter = member is null ? null : parameters.FirstOrDefault(p => p.Refers(member));
        if (parameter is null)
        {
            var name = member is null ? ExpressionText.Of(requirement.Expression) : Naming.ToKebabCase(member.Member.Name);
            return $"Parameter '{name}' is required by {{targets}}.";
        }

        var environment = Naming.ToKebabCase(parameter.Name).Replace('-', '_').ToUpperInvariant();
        return $"Parameter '{parameter.CliName}' is required by {{targets}}: pass {parameter.Option}, set {environment}, or add {parameter.Name} to .nuke/parameters.json.";
    }

    /// <summary>
    /// The values of the parameters a condition reads (" Given: --environment production."), so a contradiction such as
    /// <c>DeployStaging --environment production</c> names both sides.
    /// </summary>
    private static string Given(LambdaExpression expression, IReadOnlyList<BuildParameter> parameters, Func<BuildParameter, string?>? sourceOf)
    {
        var read = new MemberCollector();
        read.Visit(expression.Body);
        var given = read.Members
            .Select(member => (member, parameter: parameters.FirstOrDefault(p => p.Refers(member))))
            .Where(x => x.parameter is not null)
            .DistinctBy(x => x.parameter)
            .Select(x => $"{x.parameter!.Option} {Show(x.parameter, x.member)}{(sourceOf?.Invoke(x.parameter) is { } source ? $" (from {source})" : "")}")
            .ToList();
        return given.Count == 0 ? "" : $" Given: {string.Join(", ", given)}.";
    }

    private static string Show(BuildParameter parameter, MemberExpression member)
    {
        var value = Expression.Lambda(member).Compile().DynamicInvoke();
        return value switch
        {
            null => "(not set)",
            _ when parameter.IsSecret => Secrets.Secret.Redacted,
            string text => text,
            IEnumerable items => string.Join(" ", items.Cast<object?>()),
            _ => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "",
        };
    }

    private sealed class MemberCollector : ExpressionVisitor
    {
        public List<MemberExpression> Members { get; } = [];

        protected override Expression VisitMember(MemberExpression node)
        {
            Members.Add(node);
            return base.VisitMember(node);
        }
    }

    private static bool IsSet(object? value) => value switch
    {
        null => false,
        string text => !string.IsNullOrWhiteSpace(text),
        ICollection collection => collection.Count > 0,
        _ when value.GetType().IsValueType => !value.Equals(Activator.CreateInstance(value.GetType())),
        _ => true,
    };

    private static Expression Unwrap(Expression expression) =>
        expression is UnaryExpression { NodeType: ExpressionType.Convert or ExpressionType.ConvertChecked } unary
            ? Unwrap(unary.Operand)
            : expression;

    private static string Targets(IReadOnlyList<string> names) =>
        names.Count == 1 ? $"target {names[0]}" : $"targets {string.Join(", ", names)}";
}
