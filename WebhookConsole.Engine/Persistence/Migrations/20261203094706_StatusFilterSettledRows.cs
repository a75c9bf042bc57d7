using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace WebhookConsole.Engine.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class StatusFilterSettledRows : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_deliveries_OrganizationId_Status_CreatedAt_Id",
                table: "deliveries");

            migrationBuilder.CreateIndex(
                name: "IX_deliveries_OrganizationId_Status_CreatedAt_Id",
                table: "deliveries",
                columns: new[] { "OrganizationId", "Status", "CreatedAt", "Id" },
                filter: "\"Status\" = 'Retrying' OR \"Status\" = 'Succeeded' OR \"Status\" = 'Failed' OR \"Status\" = 'Cancelled'");

            migrationBuilder.CreateIndex(
                name: "IX_deliveries_Unsettled",
                table: "deliveries",
                columns: new[] { "OrganizationId", "CreatedAt", "Id" },
                filter: "\"Status\" = 'Pending' OR \"Status\" = 'InFlight'");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_deliveries_OrganizationId_Status_CreatedAt_Id",
                table: "deliveries");

            migrationBuilder.DropIndex(
                name: "IX_deliveries_Unsettled",
                table: "deliveries");

            migrationBuilder.CreateIndex(
                name: "IX_deliveries_OrganizationId_Status_CreatedAt_Id",
                table: "deliveries",
                columns: new[] { "OrganizationId", "Status", "CreatedAt", "Id" });
        }
    }
}
