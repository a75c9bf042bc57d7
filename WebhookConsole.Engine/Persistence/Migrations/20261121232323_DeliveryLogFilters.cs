using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace WebhookConsole.Engine.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class DeliveryLogFilters : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "EventName",
                table: "deliveries",
                type: "TEXT",
                maxLength: 100,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<bool>(
                name: "IsTestEvent",
                table: "deliveries",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            // Existing deliveries take their event's name and test flag.
            migrationBuilder.Sql("""
                UPDATE deliveries SET
                    "EventName" = (SELECT e."Name" FROM events e WHERE e."Id" = deliveries."EventId"),
                    "IsTestEvent" = (SELECT e."IsTestEvent" FROM events e WHERE e."Id" = deliveries."EventId")
                """);

            migrationBuilder.CreateIndex(
                name: "IX_deliveries_OrganizationId_EventName_CreatedAt_Id",
                table: "deliveries",
                columns: new[] { "OrganizationId", "EventName", "CreatedAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_deliveries_OrganizationId_IsTestEvent_CreatedAt_Id",
                table: "deliveries",
                columns: new[] { "OrganizationId", "IsTestEvent", "CreatedAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_deliveries_OrganizationId_Status_CreatedAt_Id",
                table: "deliveries",
                columns: new[] { "OrganizationId", "Status", "CreatedAt", "Id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_deliveries_OrganizationId_EventName_CreatedAt_Id",
                table: "deliveries");

            migrationBuilder.DropIndex(
                name: "IX_deliveries_OrganizationId_IsTestEvent_CreatedAt_Id",
                table: "deliveries");

            migrationBuilder.DropIndex(
                name: "IX_deliveries_OrganizationId_Status_CreatedAt_Id",
                table: "deliveries");

            migrationBuilder.DropColumn(
                name: "EventName",
                table: "deliveries");

            migrationBuilder.DropColumn(
                name: "IsTestEvent",
                table: "deliveries");
        }
    }
}
