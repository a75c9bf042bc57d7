namespace WebhookConsole.Tests.Shared;

/// <summary>
/// The tests' PostgreSQL: one throwaway cluster (<see cref="PostgresCluster"/>) for the tests that need it, started
/// once and stopped afterwards, with durability switched off. Each test gets its own database.
/// </summary>
public sealed class PostgresServer : IAsyncLifetime
{
    private readonly PostgresCluster _cluster = new();

    public string AdminConnectionString => _cluster.AdminConnectionString;

    public Task InitializeAsync() => _cluster.StartAsync("fsync=off", "synchronous_commit=off", "full_page_writes=off");

    /// <summary>A new, empty database and its connection string.</summary>
    public Task<string> CreateDatabaseAsync() => _cluster.CreateDatabaseAsync();

    /// <summary>Loads a plain-text <c>pg_dump</c> into the database of <paramref name="connectionString"/> with psql.</summary>
    public Task LoadDumpAsync(string connectionString, string dumpPath) => _cluster.LoadDumpAsync(connectionString, dumpPath);

    public Task DisposeAsync() => _cluster.StopAsync();
}

[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresServer>
{
    public const string Name = "postgres";
}
