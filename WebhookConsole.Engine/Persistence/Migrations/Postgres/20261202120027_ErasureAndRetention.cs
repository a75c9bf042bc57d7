using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace WebhookConsole.Engine.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class ErasureAndRetention : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "BodyRetention",
                table: "organizations",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "EventRetention",
                table: "organizations",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "ErasedAt",
                table: "events",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "BodiesPurgedAt",
                table: "deliveries",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "ErasedAt",
                table: "deliveries",
                type: "bigint",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "event_subjects",
                columns: table => new
                {
                    OrganizationId = table.Column<Guid>(type: "uuid", nullable: false),
                    SubjectHash = table.Column<byte[]>(type: "bytea", maxLength: 16, nullable: false),
                    EventId = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_event_subjects", x => new { x.OrganizationId, x.SubjectHash, x.EventId });
                });

            migrationBuilder.CreateIndex(
                name: "IX_event_subjects_EventId",
                table: "event_subjects",
                column: "EventId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "event_subjects");

            migrationBuilder.DropColumn(
                name: "BodyRetention",
                table: "organizations");

            migrationBuilder.DropColumn(
                name: "EventRetention",
                table: "organizations");

            migrationBuilder.DropColumn(
                name: "ErasedAt",
                table: "events");

            migrationBuilder.DropColumn(
                name: "BodiesPurgedAt",
                table: "deliveries");

            migrationBuilder.DropColumn(
                name: "ErasedAt",
                table: "deliveries");
        }
    }
}
