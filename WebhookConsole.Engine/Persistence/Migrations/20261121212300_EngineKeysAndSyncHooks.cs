using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace WebhookConsole.Engine.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class EngineKeysAndSyncHooks : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "FailingSince",
                table: "webhooks",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "PreviousProtectedSecret",
                table: "webhooks",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "PreviousSecretExpiresAt",
                table: "webhooks",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SyncResult",
                table: "events",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "TriggerType",
                table: "events",
                type: "TEXT",
                maxLength: 16,
                nullable: false,
                defaultValue: "Event");

            migrationBuilder.CreateTable(
                name: "maintenance_runs",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Job = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    StartedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Duration = table.Column<long>(type: "INTEGER", nullable: false),
                    Succeeded = table.Column<bool>(type: "INTEGER", nullable: false),
                    Message = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_maintenance_runs", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "signing_keys",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    OrganizationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Kid = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    State = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    ProtectedPrivateKey = table.Column<string>(type: "TEXT", nullable: false),
                    PublicX = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    PublicY = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ActivatedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    RetiredAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_signing_keys", x => x.Id);
                    table.ForeignKey(
                        name: "FK_signing_keys_organizations_OrganizationId",
                        column: x => x.OrganizationId,
                        principalTable: "organizations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_maintenance_runs_Job_StartedAt",
                table: "maintenance_runs",
                columns: new[] { "Job", "StartedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_signing_keys_OrganizationId_Kid",
                table: "signing_keys",
                columns: new[] { "OrganizationId", "Kid" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "maintenance_runs");

            migrationBuilder.DropTable(
                name: "signing_keys");

            migrationBuilder.DropColumn(
                name: "FailingSince",
                table: "webhooks");

            migrationBuilder.DropColumn(
                name: "PreviousProtectedSecret",
                table: "webhooks");

            migrationBuilder.DropColumn(
                name: "PreviousSecretExpiresAt",
                table: "webhooks");

            migrationBuilder.DropColumn(
                name: "SyncResult",
                table: "events");

            migrationBuilder.DropColumn(
                name: "TriggerType",
                table: "events");
        }
    }
}
