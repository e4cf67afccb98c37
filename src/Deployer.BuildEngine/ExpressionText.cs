using System.Linq.Expressions;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;

namespace Deployer.BuildEngine;

/// <summary>
/// Renders a condition or requirement as the user wrote it (<c>Retries &gt; 0 &amp;&amp; !DryRun</c>), not as
/// the expression tree prints it (<c>((value(Build).Retries &gt; 0) AndAlso Not(value(Build).DryRun))</c>),
/// so a failure points at the source line.
/// </summary>
internal static partial class ExpressionText
{
    public static string Of(LambdaExpression expression) => Print(expression.Body);

    private static string Print(Expression expression) => expression switch
    {
        BinaryExpression binary when Operator(binary.NodeType) is { } symbol =>
            $"{Operand(binary.Left, binary.NodeType, right: false)} {symbol} {Operand(binary.Right, binary.NodeType, right: true)}",
        UnaryExpression { NodeType: ExpressionType.Not } not when not.Type == typeof(bool) => "!" + Wrapped(not.Operand),
        UnaryExpression { NodeType: ExpressionType.Convert or ExpressionType.ConvertChecked } convert => Print(convert.Operand),
        MemberExpression member => Owner(member.Expression) + member.Member.Name,
        MethodCallExpression call => Call(call),
        ConstantExpression { Value: string text } => $"\"{text}\"",
        ConstantExpression { Value: null } => "null",
        ConstantExpression { Value: bool flag } => flag ? "true" : "false",
        _ => CapturedValue().Replace(expression.ToString(), ""),
    };

    private static string Call(MethodCallExpression call)
    {
        var arguments = call.Arguments.Select(Print).ToList();
        // C# 14 inserts implicit conversions (array to span) as op_Implicit calls; the user never wrote them.
        if (call.Method.Name is "op_Implicit" && arguments.Count == 1)
            return arguments[0];
        if (call.Object is not null)
            return $"{Owner(call.Object)}{call.Method.Name}({string.Join(", ", arguments)})";
        if (call.Method.IsDefined(typeof(ExtensionAttribute), inherit: false) && arguments.Count > 0)
            return $"{arguments[0]}.{call.Method.Name}({string.Join(", ", arguments.Skip(1))})";
        return $"{call.Method.DeclaringType?.Name}.{call.Method.Name}({string.Join(", ", arguments)})";
    }

    // `this` and closure classes are constants; the user wrote the member name alone.
    private static string Owner(Expression? owner) =>
        owner is null or ConstantExpression ? "" : Print(owner) + ".";

    private static string Wrapped(Expression operand) =>
        operand is BinaryExpression ? $"({Print(operand)})" : Print(operand);

    private static string Operand(Expression operand, ExpressionType parent, bool right)
    {
        if (operand is not BinaryExpression child || Operator(child.NodeType) is null)
            return Print(operand);
        var needsParentheses = Precedence(child.NodeType) < Precedence(parent)
            || (right && Precedence(child.NodeType) == Precedence(parent));
        return needsParentheses ? $"({Print(operand)})" : Print(operand);
    }

    private static string? Operator(ExpressionType type) => type switch
    {
        ExpressionType.OrElse => "||",
        ExpressionType.AndAlso => "&&",
        ExpressionType.Or => "|",
        ExpressionType.ExclusiveOr => "^",
        ExpressionType.And => "&",
        ExpressionType.Equal => "==",
        ExpressionType.NotEqual => "!=",
        ExpressionType.LessThan => "<",
        ExpressionType.LessThanOrEqual => "<=",
        ExpressionType.GreaterThan => ">",
        ExpressionType.GreaterThanOrEqual => ">=",
        ExpressionType.Coalesce => "??",
        ExpressionType.Add => "+",
        ExpressionType.Subtract => "-",
        ExpressionType.Multiply => "*",
        ExpressionType.Divide => "/",
        ExpressionType.Modulo => "%",
        _ => null,
    };

    private static int Precedence(ExpressionType type) => type switch
    {
        ExpressionType.Coalesce => 0,
        ExpressionType.OrElse => 1,
        ExpressionType.AndAlso => 2,
        ExpressionType.Or => 3,
        ExpressionType.ExclusiveOr => 4,
        ExpressionType.And => 5,
        ExpressionType.Equal or ExpressionType.NotEqual => 6,
        ExpressionType.Add or ExpressionType.Subtract => 8,
        ExpressionType.Multiply or ExpressionType.Divide or ExpressionType.Modulo => 9,
        _ => 7,
    };

    // Fallback for node types not printed above: at least drop the value(Namespace.Type) noise.
    [GeneratedRegex(@"value\([^()]*\)\.")]
    private static partial Regex CapturedValue();
}
