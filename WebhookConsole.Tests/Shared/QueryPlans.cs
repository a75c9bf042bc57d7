using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Logging;

namespace WebhookConsole.Tests.Shared;

/// <summary>
/// Asks SQLite itself (<c>EXPLAIN QUERY PLAN</c>, on a migrated file) how it runs a statement the engine really sent,
/// as captured by <see cref="StatementLog"/>.
/// </summary>
public static class QueryPlan
{
    public static async Task<IReadOnlyList<string>> OfAsync(string databasePath, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={databasePath};Mode=ReadOnly");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "EXPLAIN QUERY PLAN " + FirstStatement(sql);
        // The plan is made when the statement is compiled, before values are bound; every parameter still needs one.
        foreach (var name in Regex.Matches(command.CommandText, @"@\w+").Select(m => m.Value).Distinct())
        {
            command.Parameters.AddWithValue(name, DBNull.Value);
        }

        var lines = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            lines.Add(reader.GetString(3));
        }

        return lines.Count > 0 ? lines : throw new InvalidOperationException($"No plan for: {sql}");
    }

    /// <summary>
    /// A plan line that walks the <c>deliveries</c> table itself: "SCAN d" (EF Core's aliases d, d0, d1 …) or
    /// "SCAN deliveries" alone; "SCAN d USING INDEX …" reads an index.
    /// </summary>
    public static bool IsFullScanOfDeliveries(string line) => Regex.IsMatch(line.Trim(), @"^SCAN (d\d*|deliveries)$");

    // EF Core sends a save's statements as one command; the plan is asked of the first.
    private static string FirstStatement(string sql) => sql.Split(";\n", 2)[0];
}

/// <summary>Keeps the text of every statement EF Core executes (its "executed DbCommand" log event).</summary>
public sealed class StatementLog : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _statements = new();

    public IReadOnlyList<string> Captured => [.. _statements];

    public void Clear() => _statements.Clear();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName == DbLoggerCategory.Database.Command.Name);

    public void Dispose()
    {
    }

    private sealed class Logger(StatementLog log, bool commands) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => commands;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (eventId.Id == RelationalEventId.CommandExecuted.Id && state is IReadOnlyList<KeyValuePair<string, object?>> values
                && values.FirstOrDefault(v => v.Key == "commandText").Value is string text)
            {
                log._statements.Enqueue(text);
            }
        }
    }
}
