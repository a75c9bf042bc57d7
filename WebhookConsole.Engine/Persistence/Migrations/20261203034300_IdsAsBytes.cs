using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace WebhookConsole.Engine.Persistence.Migrations
{
    /// <summary>
    /// Every id from its 36-character text to its 16 bytes, big-endian (<see cref="BigEndianGuidConverter"/>): half the
    /// size in every row and index that holds one. The columns stay declared TEXT, which stores a blob as it is, so no
    /// table is rebuilt; each is rewritten once, in this migration's transaction, with foreign keys checked at its commit
    /// (a parent's id and its children's references change in separate statements).
    /// </summary>
    public partial class IdsAsBytes : Migration
    {
        // Every Guid property of the model, by table (the model snapshot's byte[] properties, less event_subjects.SubjectHash).
        private static readonly Dictionary<string, string[]> IdColumns = new()
        {
            ["AspNetUsers"] = ["ActiveOrganizationId", "OrganizationId"],
            ["api_keys"] = ["Id", "OrganizationId"],
            ["attempts"] = ["DeliveryId"],
            ["audit_chains"] = ["OrganizationId"],
            ["audit_entries"] = ["Id", "OrganizationId"],
            ["channel_verifications"] = ["WebhookId"],
            ["deliveries"] = ["Id", "EventId", "OrganizationId", "WebhookId"],
            ["endpoint_states"] = ["WebhookId"],
            ["event_subjects"] = ["OrganizationId", "EventId"],
            ["events"] = ["Id", "OrganizationId"],
            ["idempotency_keys"] = ["OrganizationId", "EventId"],
            ["organizations"] = ["Id", "ParentId"],
            ["portal_links"] = ["Id", "OrganizationId"],
            ["signing_keys"] = ["OrganizationId"],
            ["subscriptions"] = ["WebhookId"],
            ["webhooks"] = ["Id", "OrganizationId"],
        };

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("PRAGMA defer_foreign_keys = ON;");
            foreach (var (table, columns) in IdColumns)
            {
                // unhex of anything but 32 hex digits is NULL, which the NOT NULL columns refuse: a malformed id stops the migration.
                var set = string.Join(", ", columns.Select(c => $"\"{c}\" = CASE WHEN typeof(\"{c}\") = 'text' THEN unhex(replace(\"{c}\", '-', '')) ELSE \"{c}\" END"));
                migrationBuilder.Sql($"UPDATE \"{table}\" SET {set};");
            }
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("PRAGMA defer_foreign_keys = ON;");
            foreach (var (table, columns) in IdColumns)
            {
                var set = string.Join(", ", columns.Select(c => $"\"{c}\" = CASE WHEN typeof(\"{c}\") = 'blob' THEN {Text(c)} ELSE \"{c}\" END"));
                migrationBuilder.Sql($"UPDATE \"{table}\" SET {set};");
            }
        }

        // The upper-case text EF Core stored before: 8-4-4-4-12 hex digits.
        private static string Text(string column) =>
            $"substr(hex(\"{column}\"), 1, 8) || '-' || substr(hex(\"{column}\"), 9, 4) || '-' || substr(hex(\"{column}\"), 13, 4) || '-' || " +
            $"substr(hex(\"{column}\"), 17, 4) || '-' || substr(hex(\"{column}\"), 21, 12)";
    }
}
