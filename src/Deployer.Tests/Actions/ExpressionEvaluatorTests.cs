using System.Text.Json.Nodes;
using Deployer.Tests.Support.Actions;

namespace Deployer.Tests.Actions;

/// <summary>
/// The harness's expressions, evaluated by GitHub's @actions/expressions, against the runner's documented semantics as a
/// table; also how the harness wraps <c>if:</c> and splits templates as the runner does.
/// </summary>
public sealed class ExpressionEvaluatorTests : IDisposable
{
    private readonly ExpressionEvaluator _evaluator = new();

    public void Dispose() => _evaluator.Dispose();

    private static ExpressionScope Scope(bool failed = false, bool cancelled = false) => new(new JsonObject
    {
        ["inputs"] = new JsonObject { ["environment"] = "staging", ["empty"] = "", ["flag"] = "true" },
        ["steps"] = new JsonObject
        {
            ["dotnet"] = new JsonObject { ["outputs"] = new JsonObject { ["found"] = "true" }, ["outcome"] = "success" },
            ["cache-key"] = new JsonObject { ["outputs"] = new JsonObject { ["hash"] = "abc" }, ["outcome"] = "success" },
        },
        ["github"] = new JsonObject { ["action_path"] = "/actions/deploy" },
    }, failed, cancelled);

    [Theory]
    [InlineData("steps.dotnet.outputs.found != 'true'", false)]
    [InlineData("steps.dotnet.outputs.found == 'TRUE'", true)]          // strings compare ignoring case
    [InlineData("steps.DOTNET.Outputs.found == 'true'", true)]          // so do context keys
    [InlineData("inputs.environment == 'staging' && inputs.flag == 'true'", true)]
    [InlineData("!inputs.empty", true)]
    [InlineData("inputs.empty || inputs.environment", true)]
    [InlineData("inputs.missing == ''", true)]                          // null and '' both coerce to 0
    [InlineData("inputs.missing == null", true)]
    [InlineData("1 == '1'", true)]
    [InlineData("true == 1", true)]
    [InlineData("'0x10' == 16", true)]                                  // strings coerce to numbers as JavaScript's do
    [InlineData("(inputs.environment == 'production') || (inputs.environment == 'staging')", true)]
    [InlineData("contains(github.action_path, 'DEPLOY')", true)]
    [InlineData("startsWith(inputs.environment, 'stag')", true)]
    [InlineData("fromJSON('{\"a\": [1, 2]}').a[1] == 2", true)]
    [InlineData("${{ inputs.flag == 'true' }}", true)]
    [InlineData("success()", true)]
    [InlineData("failure()", false)]
    [InlineData("always()", true)]
    public async Task Conditions_evaluate_as_the_runner_evaluates_them(string condition, bool expected)
    {
        Assert.Equal(expected, await _evaluator.ConditionAsync(condition, Scope()));
    }

    [Fact]
    public async Task Status_functions_follow_failures_and_cancellation_and_a_plain_condition_needs_success()
    {
        Assert.False(await _evaluator.ConditionAsync("success()", Scope(failed: true)));
        Assert.True(await _evaluator.ConditionAsync("failure()", Scope(failed: true)));
        Assert.False(await _evaluator.ConditionAsync("success()", Scope(cancelled: true)));
        Assert.True(await _evaluator.ConditionAsync("${{ cancelled() }}", Scope(cancelled: true)));
        // No status function: the runner reads it as success() && (…), so it is false after a failure.
        Assert.False(await _evaluator.ConditionAsync("inputs.flag == 'true'", Scope(failed: true)));
        Assert.True(await _evaluator.ConditionAsync("always() && inputs.flag == 'true'", Scope(failed: true)));
    }

    [Theory]
    [InlineData("deployer-build-${{ steps.cache-key.outputs.hash }}", "deployer-build-abc")]
    [InlineData("${{ inputs.environment }}/${{ inputs.missing }}/${{ inputs.flag == 'true' }}", "staging//true")]
    [InlineData("${{ format('{0}-{1}', inputs.environment, 'x') }}", "staging-x")]
    [InlineData("${{ format('}}{0}', inputs.environment) }}", "}staging")]   // '}}' in a string does not end it (format reads it as '}')
    [InlineData("${{ inputs.empty || 'fallback' }}", "fallback")]
    [InlineData("${{ toJSON(steps.dotnet.outputs) }}", "{\n  \"found\": \"true\"\n}")]
    [InlineData("no expression", "no expression")]
    public async Task Values_interpolate_into_strings(string text, string expected)
    {
        Assert.Equal(expected, await _evaluator.InterpolateAsync(text, Scope()));
    }

    [Fact]
    public async Task A_batch_is_evaluated_in_one_request_in_order()
    {
        var values = await _evaluator.InterpolateAsync(["${{ inputs.environment }}", "", "${{ inputs.flag }}"], Scope());

        Assert.Equal(["staging", "", "true"], values);
    }

    [Theory]
    [InlineData("${{ secrets.TOKEN }}", "Unrecognized named-value: 'secrets'")] // composite actions have no secrets context
    [InlineData("${{ hashFiles('x') }}", "hashFiles")]
    [InlineData("${{ inputs.environment == }}", "inputs.environment ==")]
    [InlineData("${{ inputs.environment", "unclosed expression")]
    public async Task What_the_runner_would_reject_fails_loudly(string text, string message)
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => _evaluator.InterpolateAsync(text, Scope()));

        Assert.Contains(message, error.Message);
    }
}
