using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace WebhookConsole.Tests.Shared;

/// <summary>
/// A throwaway PostgreSQL cluster on a loopback port, from the machine's PostgreSQL server package (./test.sh
/// installs it when missing), started once for the tests that need it and stopped afterwards. Each test gets
/// its own database. Durability is switched off: the cluster is deleted at the end anyway.
/// </summary>
public sealed class PostgresServer : IAsyncLifetime
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "webhookconsole-pg-" + Guid.NewGuid().ToString("N")[..12]);
    private string _bin = "";
    private int _port;

    public string AdminConnectionString => $"Host=127.0.0.1;Port={_port};Username=postgres;Database=postgres;Pooling=false";

    public async Task InitializeAsync()
    {
        _bin = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).Where(b => File.Exists(Path.Combine(b, "initdb"))).OrderDescending().FirstOrDefault() ?? ""
            : "";
        if (_bin.Length == 0)
        {
            throw new InvalidOperationException("PostgreSQL's server binaries (initdb, pg_ctl) were not found under /usr/lib/postgresql; ./test.sh installs them with apt-get install postgresql.");
        }

        Directory.CreateDirectory(_directory);
        if (IsRoot)
        {
            // PostgreSQL refuses to run as root: the cluster belongs to the postgres user.
            await RunAsync("chown", "-R", "postgres:postgres", _directory);
        }

        _port = FreePort();
        var data = Path.Combine(_directory, "data");
        await RunAsPostgresAsync("initdb", "-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-sync");
        await RunAsPostgresAsync("pg_ctl", "-D", data, "-l", Path.Combine(_directory, "server.log"), "-w", "-t", "60", "start",
            "-o", $"-p {_port} -h 127.0.0.1 -k {_directory} -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200");
    }

    /// <summary>A new, empty database and its connection string.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = "t" + Guid.NewGuid().ToString("N");
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
        await command.ExecuteNonQueryAsync();
        return $"Host=127.0.0.1;Port={_port};Username=postgres;Database={name}";
    }

    /// <summary>Loads a plain-text <c>pg_dump</c> into the database of <paramref name="connectionString"/> with psql.</summary>
    public Task LoadDumpAsync(string connectionString, string dumpPath) =>
        RunAsync("psql", "-h", "127.0.0.1", "-p", _port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-U", "postgres",
            "-d", new NpgsqlConnectionStringBuilder(connectionString).Database!, "-v", "ON_ERROR_STOP=1", "-q", "-f", dumpPath);

    public async Task DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await RunAsPostgresAsync("pg_ctl", "-D", Path.Combine(_directory, "data"), "-m", "immediate", "-w", "stop");
        Directory.Delete(_directory, recursive: true);
    }

    private static bool IsRoot => Environment.UserName == "root";

    private Task RunAsPostgresAsync(string tool, params string[] arguments) => IsRoot
        ? RunAsync("runuser", ["-u", "postgres", "--", Path.Combine(_bin, tool), .. arguments])
        : RunAsync(Path.Combine(_bin, tool), arguments);

    private static async Task RunAsync(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} failed ({process.ExitCode}): {await error}{await output}");
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresServer>
{
    public const string Name = "postgres";
}
