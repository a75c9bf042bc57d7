using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace WebhookConsole.Engine.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class SchedulerIndexOpenRowsOnly : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_deliveries_Status_WebhookId_NextAttemptAt_Sequence",
                table: "deliveries");

            migrationBuilder.CreateIndex(
                name: "IX_deliveries_Status_WebhookId_NextAttemptAt_Sequence",
                table: "deliveries",
                columns: new[] { "Status", "WebhookId", "NextAttemptAt", "Sequence" },
                filter: "\"Status\" = 'Pending' OR \"Status\" = 'InFlight' OR \"Status\" = 'Retrying'");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_deliveries_Status_WebhookId_NextAttemptAt_Sequence",
                table: "deliveries");

            migrationBuilder.CreateIndex(
                name: "IX_deliveries_Status_WebhookId_NextAttemptAt_Sequence",
                table: "deliveries",
                columns: new[] { "Status", "WebhookId", "NextAttemptAt", "Sequence" });
        }
    }
}
