using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using WebhookConsole.Engine.Persistence;
using WebhookConsole.Engine.Privacy;

namespace WebhookConsole.Bench;

/// <summary>
/// <c>--probe erasure [--rows N]</c>: fills a fresh SQLite file with N events, each with one delivery and one attempt
/// (default 1,000,000), about 200,000 people with five events each and their subjects indexed as the publisher writes
/// them, then erases one person (20 events) by person id, another by <c>$.claims.email</c> (both through the index),
/// and a third by a path the index does not hold (a scan of every event), and prints each time.
/// </summary>
public static class ErasureProbe
{
    private const int People = 200_000;
    private const int TargetEvents = 20;

    public static async Task RunAsync(int rows)
    {
        await using var engine = await EngineBench.StartAsync(4);
        await engine.AddWebhookAsync("https://receiver.example.com/hook", "AuthenticationSucceeded_v1");
        var webhookId = (await engine.Webhooks.ListAsync(engine.OrganizationId)).Single().Id;
        var keys = engine.Services.GetRequiredService<SubjectKeys>();
        var fill = Stopwatch.StartNew();
        await FillAsync(engine.DatabasePath, engine.OrganizationId, webhookId, keys, rows);
        Console.WriteLine($"filled {rows:N0} events, deliveries and attempts with {rows * 2:N0} subject rows in {fill.Elapsed.TotalSeconds:N0} s "
            + $"({new FileInfo(engine.DatabasePath).Length / 1_048_576:N0} MB)");

        var erasure = engine.Services.GetRequiredService<SubjectErasure>();
        (string Name, ErasureSubject Subject)[] cases =
        [
            ("person id (index)", ErasureSubject.Create("person-target", null, null, [])!),
            ("$.claims.email (index)", ErasureSubject.Create(null, "$.claims.email", "person-7@example.org", [])!),
            ("$.profile.nickname (scan)", ErasureSubject.Create(null, "$.profile.nickname", "nick-11", [])!),
        ];
        foreach (var (name, subject) in cases)
        {
            var report = (await erasure.EraseAsync(engine.OrganizationId, subject)).Value!;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"erasure by {name,-28} {report.Duration.TotalMilliseconds,10:F1} ms: {report.Events} events, {report.Deliveries} deliveries, {report.Attempts} attempts"));
        }
    }

    private static async Task FillAsync(string path, Guid organizationId, Guid webhookId, SubjectKeys keys, int rows)
    {
        await using var connection = new SqliteConnection($"Data Source={path}");
        await connection.OpenAsync();
        // The subject index's keys are random: a big page cache keeps the fill from re-reading its pages.
        await using (var cache = connection.CreateCommand())
        {
            cache.CommandText = "PRAGMA cache_size=-262144;";
            await cache.ExecuteNonQueryAsync();
        }

        await using (var transaction = connection.BeginTransaction())
        {
            var insertEvent = DeliveriesPageProbe.Prepare(connection, transaction,
                "INSERT INTO events (Id, OrganizationId, TriggerType, Name, Payload, IsTestEvent, ReceivedAt) VALUES ($id, $org, 'Event', 'AuthenticationSucceeded_v1', $payload, 0, $at)",
                "$id", "$org", "$payload", "$at");
            var insertSubject = DeliveriesPageProbe.Prepare(connection, transaction,
                "INSERT OR IGNORE INTO event_subjects (OrganizationId, SubjectHash, EventId) VALUES ($org, $hash, $event)", "$org", "$hash", "$event");
            var insertDelivery = DeliveriesPageProbe.Prepare(connection, transaction,
                "INSERT INTO deliveries (Id, EventId, EventName, IsTestEvent, WebhookId, OrganizationId, Status, AttemptCount, CreatedAt, FirstAttemptAt, NextAttemptAt, CompletedAt, LastResponseStatus) " +
                "VALUES ($id, $event, 'AuthenticationSucceeded_v1', 0, $webhook, $org, 'Succeeded', 1, $at, $at, $at, $at, 200)",
                "$id", "$event", "$webhook", "$org", "$at");
            var insertAttempt = DeliveriesPageProbe.Prepare(connection, transaction,
                "INSERT INTO attempts (DeliveryId, Number, StartedAt, Duration, RequestUrl, RequestHeaders, RequestBody, ResponseStatus, ResponseHeaders, ResponseBody, Error) " +
                "VALUES ($delivery, 1, $at, 40, 'https://receiver.example.com/hook', '{}', $payload, 200, '{}', 'ok', 'None')",
                "$delivery", "$at", "$payload");
            var org = BigEndianGuidConverter.ToBytes(organizationId);
            var webhook = BigEndianGuidConverter.ToBytes(webhookId);
            var start = DateTimeOffset.UtcNow.AddDays(-7).ToUnixTimeMilliseconds();
            for (var i = 0; i < rows; i++)
            {
                var person = i % (rows / TargetEvents) == 0 ? "person-target" : $"person-{i % People}";
                var email = $"{person}@example.org";
                var payload = $$$"""{"person_id":"{{{person}}}","claims":{"email":"{{{email}}}"},"profile":{"nickname":"nick-{{{i % People}}}"},"browser_metadata":{"user_agent":"mozilla"}}""";
                var eventId = BigEndianGuidConverter.ToBytes(Guid.NewGuid());
                var deliveryId = BigEndianGuidConverter.ToBytes(Guid.NewGuid());
                var at = start + i;
                await DeliveriesPageProbe.RunAsync(insertEvent, eventId, org, payload, at);
                foreach (var hash in keys.Extract(payload))
                {
                    await DeliveriesPageProbe.RunAsync(insertSubject, org, hash, eventId);
                }

                await DeliveriesPageProbe.RunAsync(insertDelivery, deliveryId, eventId, webhook, org, at);
                await DeliveriesPageProbe.RunAsync(insertAttempt, deliveryId, at, payload);
            }

            await transaction.CommitAsync();
        }

        // What the fill wrote goes into the main file first, so the erasures do not pay its checkpoint.
        await using var settle = connection.CreateCommand();
        settle.CommandText = "PRAGMA optimize; PRAGMA wal_checkpoint(TRUNCATE);";
        await settle.ExecuteNonQueryAsync();
    }
}
