using Deployer.Aws.Ecs;
using Deployer.Providers.Migrations;

namespace Deployer.Tests.Providers.Migrations;

/// <summary>Who migrates first when runs meet on one cluster, as a table.</summary>
public sealed class MigrationTaskQueueTests
{
    private static readonly DateTimeOffset T0 = new(2025, 3, 9, 12, 0, 0, TimeSpan.Zero);

    private static EcsTask Running(string id, int seconds, string lastStatus = "RUNNING", string desired = "RUNNING") =>
        new() { TaskArn = $"arn:aws:ecs:us-east-1:1:task/shop/{id}", CreatedAt = T0.AddSeconds(seconds), LastStatus = lastStatus, DesiredStatus = desired };

    [Theory]
    [InlineData("shop", "production", "deployer-migrate/shop/production")]
    [InlineData("Shop API", "prod.eu", "deployer-migrate/Shop-API/prod-eu")]
    public void The_marker_names_the_app_and_environment_in_characters_ECS_accepts(string app, string environment, string marker) =>
        Assert.Equal(marker, MigrationTaskQueue.Marker(app, environment));

    [Fact]
    public void A_long_marker_is_cut_to_the_128_characters_ECS_allows() =>
        Assert.Equal(128, MigrationTaskQueue.Marker(new string('a', 200), "production").Length);

    [Fact]
    public void Before_starting_the_oldest_running_task_is_ahead()
    {
        Assert.Null(MigrationTaskQueue.Ahead([], null));
        Assert.EndsWith("/a", MigrationTaskQueue.Ahead([Running("b", 5, "PENDING"), Running("a", 1)], null)!.TaskArn);
    }

    [Fact]
    public void Stopped_and_stopping_tasks_are_not_ahead()
    {
        Assert.Null(MigrationTaskQueue.Ahead([Running("a", 1, "STOPPED", "STOPPED"), Running("b", 2, "DEACTIVATING", "STOPPED")], null));
    }

    [Fact]
    public void After_starting_a_run_goes_on_only_when_its_task_is_the_oldest()
    {
        Assert.EndsWith("/theirs", MigrationTaskQueue.Ahead([Running("ours", 3), Running("theirs", 2)], "arn:aws:ecs:us-east-1:1:task/shop/ours")!.TaskArn);
        Assert.Null(MigrationTaskQueue.Ahead([Running("ours", 2), Running("theirs", 3)], "arn:aws:ecs:us-east-1:1:task/shop/ours"));
        // Started in the same instant: both runs agree on the ARN order, so exactly one yields.
        Assert.Null(MigrationTaskQueue.Ahead([Running("b", 2), Running("a", 2)], "arn:aws:ecs:us-east-1:1:task/shop/a"));
        Assert.EndsWith("/a", MigrationTaskQueue.Ahead([Running("b", 2), Running("a", 2)], "arn:aws:ecs:us-east-1:1:task/shop/b")!.TaskArn);
        // Not listed yet (ListTasks lags): nothing older is running, so it goes on.
        Assert.Null(MigrationTaskQueue.Ahead([], "arn:aws:ecs:us-east-1:1:task/shop/ours"));
    }
}
