using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace WebhookConsole.Engine.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class EncryptionAtRest : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_events_Unencrypted",
                table: "events",
                column: "Id",
                filter: "(\"ErasedAt\" IS NULL AND \"Payload\" <> '' AND substr(\"Payload\", 1, 6) <> '$wcp1$')\nOR (\"SyncResult\" <> '' AND substr(\"SyncResult\", 1, 6) <> '$wcp1$')");

            migrationBuilder.CreateIndex(
                name: "IX_attempts_Unencrypted",
                table: "attempts",
                column: "Id",
                filter: "(\"RequestBody\" <> '' AND substr(\"RequestBody\", 1, 6) <> '$wcp1$')\nOR (\"ResponseBody\" <> '' AND substr(\"ResponseBody\", 1, 6) <> '$wcp1$')");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_events_Unencrypted",
                table: "events");

            migrationBuilder.DropIndex(
                name: "IX_attempts_Unencrypted",
                table: "attempts");
        }
    }
}
