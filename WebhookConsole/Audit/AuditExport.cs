using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using WebhookConsole.Engine.Audit;

namespace WebhookConsole.Audit;

/// <summary>Writes an organization's audit entries as JSON lines (<c>application/x-ndjson</c>), one entry a line, newest first.</summary>
internal static class AuditExport
{
    public const string ContentType = "application/x-ndjson";

    public static IResult JsonLines(AuditQuery query, Guid organizationId, AuditFilter filter, IOptions<JsonOptions> json) =>
        TypedResults.Stream(async stream =>
        {
            var newline = "\n"u8.ToArray();
            await foreach (var entry in query.ExportAsync(organizationId, filter))
            {
                await JsonSerializer.SerializeAsync(stream, AuditEntryResource.From(entry), json.Value.SerializerOptions);
                await stream.WriteAsync(newline);
            }
        }, ContentType, $"audit-log-{organizationId}.jsonl");
}
