using Deployer.Tests.Support.Actions;

namespace Deployer.Tests.Actions;

/// <summary>The harness's expression evaluator against the runner's documented semantics, as a table.</summary>
public class ActionExpressionTests
{
    private sealed class Context(bool failed = false, bool cancelled = false) : IExpressionContext
    {
        public object? Lookup(IReadOnlyList<string> path) => string.Join('.', path) switch
        {
            "inputs.environment" => "staging",
            "inputs.empty" => "",
            "inputs.flag" => "true",
            "steps.dotnet.outputs.found" => "true",
            "steps.cache-key.outputs.hash" => "abc",
            "github.action_path" => "/actions/deploy",
            _ => null,
        };

        public bool AnyStepFailed => failed;
        public bool Cancelled => cancelled;
    }

    [Theory]
    [InlineData("steps.dotnet.outputs.found != 'true'", false)]
    [InlineData("steps.dotnet.outputs.found == 'TRUE'", true)]          // strings compare ignoring case
    [InlineData("inputs.environment == 'staging' && inputs.flag == 'true'", true)]
    [InlineData("!inputs.empty", true)]
    [InlineData("inputs.empty || inputs.environment", true)]
    [InlineData("inputs.missing == ''", true)]                          // null and '' both coerce to 0
    [InlineData("inputs.missing == null", true)]
    [InlineData("1 == '1'", true)]
    [InlineData("true == 1", true)]
    [InlineData("(inputs.environment == 'production') || (inputs.environment == 'staging')", true)]
    [InlineData("contains(github.action_path, 'DEPLOY')", true)]
    [InlineData("startsWith(inputs.environment, 'stag')", true)]
    [InlineData("success()", true)]
    [InlineData("failure()", false)]
    [InlineData("always()", true)]
    public void Conditions_evaluate_as_the_runner_evaluates_them(string expression, bool expected)
    {
        Assert.Equal(expected, ActionExpression.IsTruthy(ActionExpression.Evaluate(expression, new Context())));
    }

    [Fact]
    public void Status_functions_follow_failures_and_cancellation()
    {
        Assert.False(ActionExpression.IsTruthy(ActionExpression.Evaluate("success()", new Context(failed: true))));
        Assert.True(ActionExpression.IsTruthy(ActionExpression.Evaluate("failure()", new Context(failed: true))));
        Assert.False(ActionExpression.IsTruthy(ActionExpression.Evaluate("success()", new Context(cancelled: true))));
        Assert.True(ActionExpression.IsTruthy(ActionExpression.Evaluate("${{ cancelled() }}", new Context(cancelled: true))));
    }

    [Theory]
    [InlineData("deployer-build-${{ steps.cache-key.outputs.hash }}", "deployer-build-abc")]
    [InlineData("${{ inputs.environment }}/${{ inputs.missing }}/${{ inputs.flag == 'true' }}", "staging//true")]
    [InlineData("${{ format('{0}-{1}', inputs.environment, 'x') }}", "staging-x")]
    [InlineData("${{ inputs.empty || 'fallback' }}", "fallback")]
    [InlineData("no expression", "no expression")]
    public void Values_interpolate_into_strings(string text, string expected)
    {
        Assert.Equal(expected, ActionExpression.Interpolate(text, new Context()));
    }

    [Theory]
    [InlineData("fromJSON(inputs.environment)")]
    [InlineData("secrets.TOKEN")]
    public void What_the_harness_does_not_know_fails_loudly(string expression)
    {
        Assert.ThrowsAny<Exception>(() =>
        {
            var context = new Context();
            var value = ActionExpression.Evaluate(expression, new ThrowingContext(context));
            return value;
        });
    }

    private sealed class ThrowingContext(IExpressionContext inner) : IExpressionContext
    {
        public object? Lookup(IReadOnlyList<string> path) =>
            path[0] is "inputs" or "steps" or "github" ? inner.Lookup(path) : throw new NotSupportedException(path[0]);

        public bool AnyStepFailed => inner.AnyStepFailed;
        public bool Cancelled => inner.Cancelled;
    }
}
