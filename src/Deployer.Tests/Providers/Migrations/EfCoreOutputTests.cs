using Deployer.Providers.Migrations;

namespace Deployer.Tests.Providers.Migrations;

/// <summary>Reading dotnet ef's <c>--prefix-output</c> text, as the tool and migration bundles print it.</summary>
public sealed class EfCoreOutputTests
{
    [Fact]
    public void The_migration_list_is_read_from_the_data_lines_whatever_the_build_printed_first()
    {
        const string output = """
            info:    Build started...
            info:    Build succeeded.
            warn:    The Entity Framework tools version '10.0.10' is older than that of the runtime '10.0.11'.
            data:    [
            data:      {
            data:        "id": "20240101000000_Customers",
            data:        "name": "Customers",
            data:        "safeName": "Customers",
            data:        "applied": null
            data:      }
            data:    ]
            """;

        Assert.Equal([new EfCoreMigration("20240101000000_Customers", "Customers")], EfCoreOutput.Migrations(output));
    }

    [Fact]
    public void An_empty_project_has_no_migrations_and_output_without_a_list_is_an_error()
    {
        Assert.Empty(EfCoreOutput.Migrations("info:    Build succeeded.\ndata:    []\n"));
        var error = Assert.Throws<MigrationException>(() => EfCoreOutput.Migrations("info:    Build started...\nerror:   Build failed. Use dotnet build to see the errors.\n"));
        Assert.Contains("Build failed", error.Message);
    }

    [Fact]
    public void Script_lines_keep_their_indentation()
    {
        Assert.Equal("DO $EF$\nBEGIN\n    CREATE TABLE t ();\nEND $EF$;", EfCoreOutput.Data("info:    x\ndata:    DO $EF$\ndata:    BEGIN\ndata:        CREATE TABLE t ();\ndata:    END $EF$;\ndata:    \n"));
    }

    [Fact]
    public void A_failure_names_the_migration_being_applied_and_the_last_error_block()
    {
        const string output = """
            info:    Applying migration '20240101000000_Customers'.
            info:    Applying migration '20240102000000_Orders'.
            error:   Failed executing DbCommand (6ms) [Parameters=[], CommandType='Text', CommandTimeout='30']
            error:   UPDATE no_such_table SET broken = true;
            info:    Npgsql.PostgresException (0x80004005): 42P01: relation "no_such_table" does not exist
            info:       at Npgsql.Internal.NpgsqlConnector.ReadMessageLong()
            error:   42P01: relation "no_such_table" does not exist
            error:   
            error:   POSITION: 8
            """;

        Assert.Equal("20240102000000_Orders", EfCoreOutput.LastApplying(output));
        Assert.Equal("42P01: relation \"no_such_table\" does not exist | POSITION: 8", EfCoreOutput.ErrorText(output));
    }

    [Theory]
    [InlineData("info:    Applying migration 'X'.", "Applying migration 'X'.")]
    [InlineData("error:   42P01: relation does not exist", "error:   42P01: relation does not exist")]
    [InlineData("Could not execute because the specified command or file was not found.", "Could not execute because the specified command or file was not found.")]
    public void The_log_shows_info_lines_without_their_tag_and_everything_else_as_printed(string line, string shown) =>
        Assert.Equal(shown, EfCoreOutput.Echo(line));

    [Fact]
    public void A_build_failure_shows_the_compiler_errors_once()
    {
        const string output = """
              Determining projects to restore...
            /src/Shop/ShopContext.cs(3,14): error CS1513: } expected [/src/Shop/Shop.csproj]
            /src/Shop/ShopContext.cs(3,14): error CS1513: } expected [/src/Shop/Shop.csproj]
            """;
        Assert.Equal("/src/Shop/ShopContext.cs(3,14): error CS1513: } expected [/src/Shop/Shop.csproj]", EfCoreOutput.BuildErrors(output));
    }
}
