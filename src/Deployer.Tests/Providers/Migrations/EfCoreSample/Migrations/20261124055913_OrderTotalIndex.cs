using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace EfCoreSample.Migrations
{
    /// <inheritdoc />
    public partial class OrderTotalIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // A failing migration for the tests. EF Core compiles migrations into the assembly (and into the bundle), so
            // the tests cannot drop in a broken one the way they add a revision file to the Alembic sample; instead this
            // one fails at run time when EFSAMPLE_FAIL=1, and one build (one bundle) serves the passing and failing tests.
            if (Environment.GetEnvironmentVariable("EFSAMPLE_FAIL") == "1")
                migrationBuilder.Sql("UPDATE no_such_table SET broken = true;");
            migrationBuilder.CreateIndex(
                name: "IX_orders_Total",
                table: "orders",
                column: "Total");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_orders_Total",
                table: "orders");
        }
    }
}
