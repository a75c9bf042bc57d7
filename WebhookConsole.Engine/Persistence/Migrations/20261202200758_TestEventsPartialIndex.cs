using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace WebhookConsole.Engine.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class TestEventsPartialIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_deliveries_OrganizationId_IsTestEvent_CreatedAt_Id",
                table: "deliveries");

            migrationBuilder.CreateIndex(
                name: "IX_deliveries_TestEvents",
                table: "deliveries",
                columns: new[] { "OrganizationId", "CreatedAt", "Id" },
                filter: "\"IsTestEvent\"");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_deliveries_TestEvents",
                table: "deliveries");

            migrationBuilder.CreateIndex(
                name: "IX_deliveries_OrganizationId_IsTestEvent_CreatedAt_Id",
                table: "deliveries",
                columns: new[] { "OrganizationId", "IsTestEvent", "CreatedAt", "Id" });
        }
    }
}
