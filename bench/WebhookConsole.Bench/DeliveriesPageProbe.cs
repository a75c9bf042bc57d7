using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using WebhookConsole.Engine.Delivery;
using WebhookConsole.Engine.Domain;
using WebhookConsole.Engine.Persistence;

namespace WebhookConsole.Bench;

/// <summary>
/// <c>--probe deliveries-page [--rows N]</c>: fills a fresh SQLite file with N deliveries (one attempt each, default
/// 1,000,000) by raw inserts in one transaction, then times <see cref="DeliveryLog.ListPageAsync"/> as the console's
/// deliveries page calls it (50 rows): the first page, a deep page and each filter. Prints the median of 5 runs.
/// </summary>
public static class DeliveriesPageProbe
{
    private const int PageSize = 50;
    private const int Webhooks = 20;
    private static readonly string[] EventNames = ["AuthenticationSucceeded_v1", "AuthenticationFailed_v1", "TokenMinted_v1", "PersonCreated_v1", "PersonDeleted_v1"];

    public static async Task RunAsync(int rows)
    {
        await using var engine = await EngineBench.StartAsync(4);
        for (var i = 0; i < Webhooks; i++)
        {
            await engine.AddWebhookAsync($"https://receiver{i}.example.com/hook", "AuthenticationSucceeded_v1");
        }

        var webhookIds = (await engine.Webhooks.ListAsync(engine.OrganizationId)).Select(w => w.Id).ToArray();
        var now = DateTimeOffset.UtcNow;
        var fill = Stopwatch.StartNew();
        await FillAsync(engine.DatabasePath, engine.OrganizationId, webhookIds, rows, now, TimeSpan.FromDays(7));
        Console.WriteLine($"filled {rows:N0} deliveries, {rows:N0} attempts and {rows:N0} events in {fill.Elapsed.TotalSeconds:N0} s ({new FileInfo(engine.DatabasePath).Length / 1_048_576:N0} MB)");

        var log = engine.Services.GetRequiredService<DeliveryLog>();
        var deep = await CursorAtAsync(engine.DatabasePath, rows * 9 / 10);
        var cases = new (string Name, DeliveryFilter Filter, DeliveryCursor? Before)[]
        {
            ("first page, no filter", new(), null),
            ($"deep page (row {rows * 9 / 10:N0}), no filter", new(), deep),
            ("webhook", new(WebhookId: webhookIds[3]), null),
            ("webhook, deep page", new(WebhookId: webhookIds[3]), deep),
            ("status succeeded (90%)", new(Status: DeliveryStatus.Succeeded), null),
            ("status failed (7%)", new(Status: DeliveryStatus.Failed), null),
            ("status retrying (3%)", new(Status: DeliveryStatus.Retrying), null),
            ("event type PersonDeleted_v1 (1%)", new(EventName: "PersonDeleted_v1"), null),
            ("test events only (0.1%)", new(TestEventsOnly: true), null),
            ("time range: one hour, 3 days ago", new(Since: now.AddDays(-3).AddHours(-1), Until: now.AddDays(-3)), null),
            ("webhook + failed + event type", new(WebhookId: webhookIds[3], Status: DeliveryStatus.Failed, EventName: "AuthenticationFailed_v1"), null),
            ("no match: webhook without deliveries", new(WebhookId: Guid.NewGuid()), null),
            ("no match: status cancelled (none)", new(Status: DeliveryStatus.Cancelled), null),
            ("no match: status pending (none)", new(Status: DeliveryStatus.Pending), null),
            ("no match: status in flight (none)", new(Status: DeliveryStatus.InFlight), null),
            ("no match: event type SessionEnded_v1 (none)", new(EventName: "SessionEnded_v1"), null),
            ("webhook + test events only, last 24 h", new(WebhookId: webhookIds[3], TestEventsOnly: true, Since: now.AddDays(-1)), null),
        };
        foreach (var (name, filter, before) in cases)
        {
            var (median, first, page) = await TimeAsync(() => log.ListPageAsync(engine.OrganizationId, filter, before, PageSize), runs: 6);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-46} median {median,8:F1} ms, first {first,8:F1} ms  ({page.Items.Count} rows)"));
        }

        // The Jobs page's counts by status, over the whole organization.
        var (countMedian, countFirst, counts) = await TimeAsync(() => log.CountByStatusAsync(engine.OrganizationId), runs: 4);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{"counts by status (Jobs page)",-46} median {countMedian,8:F1} ms, first {countFirst,8:F1} ms  ({counts.Values.Sum():N0} rows)"));
    }

    // The first run of each shape pays EF Core's query compilation and a colder page cache: the median is of the others.
    private static async Task<(double Median, double First, T Last)> TimeAsync<T>(Func<Task<T>> read, int runs)
    {
        var timings = new List<double>();
        T last = default!;
        for (var run = 0; run < runs; run++)
        {
            var start = Stopwatch.GetTimestamp();
            last = await read();
            timings.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }

        return (Stats.Percentile(timings.Skip(1).Order().ToList(), 50), timings[0], last);
    }

    /// <summary>
    /// Writes <paramref name="rows"/> events, deliveries and attempts of one organization, created over the
    /// <paramref name="span"/> before <paramref name="now"/>: 90% succeeded, 7% failed, 3% retrying.
    /// </summary>
    internal static async Task FillAsync(string path, Guid organizationId, Guid[] webhookIds, int rows, DateTimeOffset now, TimeSpan span)
    {
        await using var connection = new SqliteConnection($"Data Source={path}");
        await connection.OpenAsync();
        await using var transaction = connection.BeginTransaction();
        var insertEvent = Prepare(connection, transaction,
            "INSERT INTO events (Id, OrganizationId, TriggerType, Name, Payload, IsTestEvent, ReceivedAt) VALUES ($id, $org, 'Event', $name, $payload, $test, $at)",
            "$id", "$org", "$name", "$payload", "$test", "$at");
        var insertDelivery = Prepare(connection, transaction,
            "INSERT INTO deliveries (Id, EventId, EventName, IsTestEvent, WebhookId, OrganizationId, Status, AttemptCount, CreatedAt, FirstAttemptAt, NextAttemptAt, CompletedAt, LastResponseStatus, LastError) " +
            "VALUES ($id, $event, $name, $test, $webhook, $org, $status, 1, $at, $at, $next, $done, $response, NULL)",
            "$id", "$event", "$name", "$test", "$webhook", "$org", "$status", "$at", "$next", "$done", "$response");
        var insertAttempt = Prepare(connection, transaction,
            "INSERT INTO attempts (DeliveryId, Number, StartedAt, Duration, RequestUrl, RequestHeaders, RequestBody, ResponseStatus, ResponseHeaders, ResponseBody, Error) " +
            "VALUES ($delivery, 1, $at, 40, 'https://receiver.example.com/hook', '{\"content-type\":\"application/json\"}', $payload, $response, '{}', 'ok', $error)",
            "$delivery", "$at", "$payload", "$response", "$error");
        var random = new Random(42);
        var org = BigEndianGuidConverter.ToBytes(organizationId);
        // Spread over the span, newest last, as a real log grows.
        var start = (now - span).ToUnixTimeMilliseconds();
        var step = span.TotalMilliseconds / rows;
        for (var i = 0; i < rows; i++)
        {
            var eventId = BigEndianGuidConverter.ToBytes(Guid.NewGuid());
            var deliveryId = BigEndianGuidConverter.ToBytes(Guid.NewGuid());
            var at = start + (long)(i * step);
            var roll = random.Next(1000);
            var status = roll < 900 ? DeliveryStatus.Succeeded : roll < 970 ? DeliveryStatus.Failed : DeliveryStatus.Retrying;
            var eventName = random.Next(100) == 0 ? "PersonDeleted_v1" : EventNames[random.Next(4)];
            var response = status == DeliveryStatus.Succeeded ? 200 : 500;
            var test = random.Next(1000) == 0 ? 1 : 0;
            await RunAsync(insertEvent, eventId, org, eventName, EngineBench.Payload, test, at);
            await RunAsync(insertDelivery, deliveryId, eventId, eventName, test, BigEndianGuidConverter.ToBytes(webhookIds[random.Next(webhookIds.Length)]), org, status.ToString(), at,
                status == DeliveryStatus.Retrying ? now.AddYears(1).ToUnixTimeMilliseconds() : at, status == DeliveryStatus.Retrying ? DBNull.Value : at + 40, response);
            await RunAsync(insertAttempt, deliveryId, at, EngineBench.Payload, response, status == DeliveryStatus.Succeeded ? "None" : "NonSuccessStatus");
        }

        await transaction.CommitAsync();
        await using var analyze = connection.CreateCommand();
        analyze.CommandText = "PRAGMA optimize;";
        await analyze.ExecuteNonQueryAsync();
    }

    private static async Task<DeliveryCursor> CursorAtAsync(string path, int offset)
    {
        await using var connection = new SqliteConnection($"Data Source={path}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT CreatedAt, Id FROM deliveries ORDER BY CreatedAt DESC, Id DESC LIMIT 1 OFFSET $offset";
        command.Parameters.AddWithValue("$offset", offset);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return new DeliveryCursor(DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(0)), BigEndianGuidConverter.FromBytes(reader.GetFieldValue<byte[]>(1)));
    }

    internal static SqliteCommand Prepare(SqliteConnection connection, SqliteTransaction transaction, string sql, params string[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var name in parameters)
        {
            command.Parameters.Add(new SqliteParameter { ParameterName = name });
        }

        command.Prepare();
        return command;
    }

    internal static Task<int> RunAsync(SqliteCommand command, params object[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters[i].Value = values[i];
        }

        return command.ExecuteNonQueryAsync();
    }
}
