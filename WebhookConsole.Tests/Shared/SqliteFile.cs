using Microsoft.Data.Sqlite;

namespace WebhookConsole.Tests.Shared;

/// <summary>Reads an app's SQLite file directly, read-only: what was really written, seen from outside the app.</summary>
public static class SqliteFile
{
    public static object? Scalar(string path, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    public static int Count(string path, string table) => (int)(long)Scalar(path, $"SELECT COUNT(*) FROM {table}")!;
}
