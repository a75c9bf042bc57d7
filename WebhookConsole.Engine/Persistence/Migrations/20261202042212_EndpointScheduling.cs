using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace WebhookConsole.Engine.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class EndpointScheduling : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_deliveries_Status_NextAttemptAt",
                table: "deliveries");

            migrationBuilder.AddColumn<int>(
                name: "MaxInFlight",
                table: "webhooks",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Ordering",
                table: "webhooks",
                type: "TEXT",
                maxLength: 8,
                nullable: false,
                defaultValue: "None");

            migrationBuilder.AddColumn<int>(
                name: "RateLimitPerSecond",
                table: "webhooks",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "Sequence",
                table: "deliveries",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            // Rows queued before this migration keep their acceptance order: creation time in microseconds.
            migrationBuilder.Sql("UPDATE deliveries SET \"Sequence\" = \"CreatedAt\" * 1000;");

            migrationBuilder.CreateTable(
                name: "endpoint_states",
                columns: table => new
                {
                    WebhookId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Circuit = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    CircuitSince = table.Column<long>(type: "INTEGER", nullable: true),
                    NextProbeAt = table.Column<long>(type: "INTEGER", nullable: true),
                    CoolDown = table.Column<long>(type: "INTEGER", nullable: false),
                    ConsecutiveFailures = table.Column<int>(type: "INTEGER", nullable: false),
                    Tokens = table.Column<double>(type: "REAL", nullable: false),
                    TokensAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_endpoint_states", x => x.WebhookId);
                    table.ForeignKey(
                        name: "FK_endpoint_states_webhooks_WebhookId",
                        column: x => x.WebhookId,
                        principalTable: "webhooks",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_deliveries_Status_WebhookId_NextAttemptAt_Sequence",
                table: "deliveries",
                columns: new[] { "Status", "WebhookId", "NextAttemptAt", "Sequence" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "endpoint_states");

            migrationBuilder.DropIndex(
                name: "IX_deliveries_Status_WebhookId_NextAttemptAt_Sequence",
                table: "deliveries");

            migrationBuilder.DropColumn(
                name: "MaxInFlight",
                table: "webhooks");

            migrationBuilder.DropColumn(
                name: "Ordering",
                table: "webhooks");

            migrationBuilder.DropColumn(
                name: "RateLimitPerSecond",
                table: "webhooks");

            migrationBuilder.DropColumn(
                name: "Sequence",
                table: "deliveries");

            migrationBuilder.CreateIndex(
                name: "IX_deliveries_Status_NextAttemptAt",
                table: "deliveries",
                columns: new[] { "Status", "NextAttemptAt" });
        }
    }
}
