using System.Text.Json.Nodes;
using Deployer.Config;
using Deployer.Providers.Ecs;
using Deployer.Providers.Migrations;

namespace Deployer.Tests.Providers.Migrations;

/// <summary>The migration task definition, rendered from the service's: exact JSON in, exact JSON out.</summary>
public sealed class MigrationTaskDefinitionTests
{
    private static readonly MigrationTaskSettings Settings = new("web", "acct.dkr.ecr.us-east-1.amazonaws.com/shop-web@sha256:abc",
        ["npm", "run", "migrate"], "DATABASE_URL", "arn:aws:secretsmanager:us-east-1:1:secret:shop/db:url::");

    private static JsonObject Service() => JsonNode.Parse("""
        {
          "taskDefinitionArn": "arn:aws:ecs:us-east-1:1:task-definition/shop-web:7", "revision": 7, "status": "ACTIVE",
          "family": "shop-web", "networkMode": "awsvpc", "cpu": "512", "memory": "1024",
          "executionRoleArn": "arn:aws:iam::1:role/exec", "taskRoleArn": "arn:aws:iam::1:role/web",
          "containerDefinitions": [
            { "name": "web", "image": "acct.dkr.ecr.us-east-1.amazonaws.com/shop-web@sha256:old", "essential": false,
              "environment": [{ "name": "DATABASE_URL", "value": "postgresql://app@db/shop" }, { "name": "NODE_ENV", "value": "production" }],
              "secrets": [{ "name": "REDIS_URL", "valueFrom": "arn:aws:secretsmanager:us-east-1:1:secret:shop/redis:url::" }],
              "healthCheck": { "command": ["CMD-SHELL", "curl -f localhost:3000/api/health"] } },
            { "name": "log-router", "image": "amazon/aws-for-fluent-bit:stable", "essential": true }
          ]
        }
        """)!.AsObject();

    [Fact]
    public void The_app_container_runs_the_migration_with_the_connection_as_a_secret_and_everything_else_is_kept()
    {
        var rendered = MigrationTaskDefinition.Render(Service(), Settings);

        Assert.Equal(JsonNode.Parse("""
            {
              "family": "shop-web-migrate", "networkMode": "awsvpc", "cpu": "512", "memory": "1024",
              "executionRoleArn": "arn:aws:iam::1:role/exec", "taskRoleArn": "arn:aws:iam::1:role/web",
              "containerDefinitions": [
                { "name": "web", "image": "acct.dkr.ecr.us-east-1.amazonaws.com/shop-web@sha256:abc", "essential": true,
                  "environment": [{ "name": "NODE_ENV", "value": "production" }],
                  "secrets": [{ "name": "DATABASE_URL", "valueFrom": "arn:aws:secretsmanager:us-east-1:1:secret:shop/db:url::" },
                              { "name": "REDIS_URL", "valueFrom": "arn:aws:secretsmanager:us-east-1:1:secret:shop/redis:url::" }],
                  "command": ["npm", "run", "migrate"] },
                { "name": "log-router", "image": "amazon/aws-for-fluent-bit:stable", "essential": true }
              ]
            }
            """)!.ToJsonString(), rendered.ToJsonString());
    }

    [Fact]
    public void Rendering_twice_does_not_suffix_the_family_twice_and_leaves_the_input_alone()
    {
        var service = Service();
        var before = service.ToJsonString();

        var again = MigrationTaskDefinition.Render(MigrationTaskDefinition.Render(service, Settings), Settings);

        Assert.Equal("shop-web-migrate", (string?)again["family"]);
        Assert.Equal(before, service.ToJsonString());
    }

    [Fact]
    public void A_task_definition_without_an_execution_role_or_the_container_is_refused()
    {
        var noRole = Service();
        noRole.Remove("executionRoleArn");

        Assert.StartsWith("the service's task definition shop-web has no executionRoleArn",
            Assert.Throws<TaskDefinitionException>(() => MigrationTaskDefinition.Render(noRole, Settings)).Message);
        Assert.StartsWith("the task definition has no container named 'api' (containers: web, log-router)",
            Assert.Throws<TaskDefinitionException>(() => MigrationTaskDefinition.Render(Service(), Settings with { Container = "api" })).Message);
    }

    [Theory]
    [InlineData(MigrationTool.Alembic, null, null, "alembic upgrade head")]
    [InlineData(MigrationTool.Alembic, "db/alembic.ini", "ae1027a6acf", "alembic -c db/alembic.ini upgrade ae1027a6acf")]
    [InlineData(MigrationTool.EfCore, null, null, "./efbundle")]
    [InlineData(MigrationTool.EfCore, "src/Shop.csproj", "AddOrders", "./efbundle AddOrders")]
    public void Without_a_command_the_tool_decides_what_runs(MigrationTool tool, string? project, string? target, string command) =>
        Assert.Equal(command, string.Join(' ', MigrationTaskDefinition.CommandFor(new MigrationSpec { Tool = tool, Directory = ".", Project = project, Target = target })));

    [Fact]
    public void A_command_in_the_description_wins()
    {
        var spec = new MigrationSpec { Tool = MigrationTool.Alembic, Directory = ".", Command = ["python", "-m", "app.migrate"] };

        Assert.Equal(["python", "-m", "app.migrate"], MigrationTaskDefinition.CommandFor(spec));
    }
}
