namespace WebhookConsole.Engine.Configuration;

/// <summary>Which database the engine runs on (configuration section <c>Database</c>).</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";

    /// <summary><c>Sqlite</c> (default: one process, a file) or <c>Postgres</c> (several processes on one database).</summary>
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;
}

/// <summary>The supported databases.</summary>
public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}
