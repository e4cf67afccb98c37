using System.Text.Json.Nodes;
using Deployer.Config;
using Deployer.Providers.Ecs;

namespace Deployer.Tests.Providers.Ecs;

public class TaskDefinitionTests
{
    private static JsonObject Live() => (JsonObject)JsonNode.Parse("""
        {
          "taskDefinitionArn": "arn:aws:ecs:me-south-1:123456789012:task-definition/saas-backend:7",
          "family": "saas-backend", "revision": 7, "status": "ACTIVE", "networkMode": "awsvpc",
          "requiresAttributes": [{"name": "ecs.capability.secrets.asm.environment-variables"}],
          "compatibilities": ["EC2", "FARGATE"], "registeredAt": 1764000000.0, "registeredBy": "arn:aws:iam::123456789012:role/ci",
          "cpu": "512", "memory": "1024",
          "containerDefinitions": [{
            "name": "backend", "image": "123456789012.dkr.ecr.me-south-1.amazonaws.com/saas-backend@sha256:aaa",
            "cpu": 0, "essential": true, "portMappings": [{"containerPort": 8000, "hostPort": 8000, "protocol": "tcp"}],
            "environment": [{"name": "LOG_LEVEL", "value": "info"}, {"name": "ENVIRONMENT", "value": "production"}],
            "mountPoints": [], "volumesFrom": [],
            "logConfiguration": {"logDriver": "awslogs", "options": {"awslogs-group": "/ecs/saas-backend"}}
          }]
        }
        """)!;

    private static ContainerSettings Settings(string image = "123456789012.dkr.ecr.me-south-1.amazonaws.com/saas-backend@sha256:bbb") =>
        new("backend", image, ["celery", "worker"], new Dictionary<string, string> { ["ENVIRONMENT"] = "production" },
            new Dictionary<string, string> { ["DATABASE_URL"] = "arn:aws:secretsmanager:me-south-1:123456789012:secret:saas/db:url::" });

    [Fact]
    public void Rendering_keeps_the_template_drops_read_only_members_and_applies_the_settings()
    {
        var rendered = TaskDefinitionTemplate.Render(Live(), Settings());

        Assert.Null(rendered["taskDefinitionArn"]);
        Assert.Null(rendered["revision"]);
        Assert.Null(rendered["compatibilities"]);
        var container = rendered["containerDefinitions"]![0]!;
        Assert.EndsWith("@sha256:bbb", container["image"]!.GetValue<string>());
        Assert.Equal("""["celery","worker"]""", container["command"]!.ToJsonString());
        Assert.Equal("""[{"name":"ENVIRONMENT","value":"production"},{"name":"LOG_LEVEL","value":"info"}]""", container["environment"]!.ToJsonString());
        Assert.Equal("/ecs/saas-backend", container["logConfiguration"]!["options"]!["awslogs-group"]!.GetValue<string>());
        Assert.Equal("saas-backend", Live()["family"]!.GetValue<string>());
    }

    [Fact]
    public void A_missing_container_is_named_with_the_ones_that_exist()
    {
        var error = Assert.Throws<TaskDefinitionException>(() => TaskDefinitionTemplate.Render(Live(), Settings() with { Container = "api" }));

        Assert.Equal("the task definition has no container named 'api' (containers: backend); set 'container' on the service", error.Message);
    }

    [Fact]
    public void A_re_render_of_the_live_definition_with_the_same_settings_is_equivalent_despite_aws_defaults()
    {
        var live = Live();
        var sameAsLive = new ContainerSettings("backend", "123456789012.dkr.ecr.me-south-1.amazonaws.com/saas-backend@sha256:aaa", [],
            new Dictionary<string, string>(), new Dictionary<string, string>());
        var withoutDefaults = TaskDefinitionTemplate.Render(live, sameAsLive);
        var container = (JsonObject)withoutDefaults["containerDefinitions"]![0]!;
        container.Remove("essential");
        container.Remove("cpu");
        container.Remove("mountPoints");
        container["portMappings"] = JsonNode.Parse("""[{"containerPort": 8000}]""");
        container["environment"] = JsonNode.Parse("""[{"name": "ENVIRONMENT", "value": "production"}, {"name": "LOG_LEVEL", "value": "info"}]""");

        Assert.True(TaskDefinitionDiff.AreEquivalent(withoutDefaults, live));
        Assert.Empty(TaskDefinitionDiff.Lines(live, withoutDefaults));
    }

    [Fact]
    public void The_diff_shows_only_what_changed()
    {
        var lines = TaskDefinitionDiff.Lines(Live(), TaskDefinitionTemplate.Render(Live(), Settings()));

        Assert.Contains(lines, l => l.StartsWith("- ") && l.Contains("sha256:aaa"));
        Assert.Contains(lines, l => l.StartsWith("+ ") && l.Contains("sha256:bbb"));
        Assert.Contains(lines, l => l.StartsWith("+ ") && l.Contains("\"celery\""));
        Assert.Contains(lines, l => l.StartsWith("+ ") && l.Contains("saas/db:url::"));
        Assert.DoesNotContain(lines, l => l.Contains("registeredBy") || l.Contains("compatibilities"));
        Assert.DoesNotContain(lines, l => l.StartsWith("- ") && l.Contains("LOG_LEVEL"));
    }

    [Theory]
    [InlineData("saas/db", null, "arn:aws:secretsmanager:me-south-1:123456789012:secret:saas/db")]
    [InlineData("saas/db", "url", "arn:aws:secretsmanager:me-south-1:123456789012:secret:saas/db:url::")]
    [InlineData("arn:aws:secretsmanager:me-south-1:999999999999:secret:shared-AbCdEf", "url", "arn:aws:secretsmanager:me-south-1:999999999999:secret:shared-AbCdEf:url::")]
    public void Secrets_manager_references_become_ecs_value_from_arns(string id, string? key, string expected)
    {
        Assert.Equal(expected, TaskDefinitionTemplate.ValueFrom(new SecretRef { SecretsManager = id, Key = key }, "me-south-1", "123456789012"));
    }

    [Fact]
    public void Ssm_references_become_parameter_arns_and_env_references_are_refused()
    {
        Assert.Equal("arn:aws:ssm:me-south-1:123456789012:parameter/saas/api-key",
            TaskDefinitionTemplate.ValueFrom(new SecretRef { Ssm = "/saas/api-key" }, "me-south-1", "123456789012"));
        Assert.Throws<TaskDefinitionException>(() => TaskDefinitionTemplate.ValueFrom(new SecretRef { Env = "TOKEN" }, "me-south-1", "123456789012"));
    }
}
