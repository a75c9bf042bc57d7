using Microsoft.Data.Sqlite;

namespace WebhookConsole.Engine.Persistence;

/// <summary>Resolves a SQLite file path against the content root and makes sure its folder exists.</summary>
internal static class SqliteConnectionStrings
{
    public static string Resolve(string connectionString, string contentRoot)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        if (builder.DataSource is { Length: > 0 } path && path != ":memory:" && builder.Mode != SqliteOpenMode.Memory)
        {
            var full = Path.GetFullPath(path, contentRoot);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            builder.DataSource = full;
        }

        return builder.ToString();
    }
}
