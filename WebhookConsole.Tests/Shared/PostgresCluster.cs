using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace WebhookConsole.Tests.Shared;

/// <summary>
/// A throwaway PostgreSQL cluster on a loopback port, from the machine's PostgreSQL server package (./test.sh
/// installs it when missing): started, given databases, stopped and deleted. The tests switch durability off (the
/// cluster is deleted at the end anyway); the benchmark keeps PostgreSQL's defaults, as an operator runs it.
/// </summary>
public sealed class PostgresCluster
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "webhookconsole-pg-" + Guid.NewGuid().ToString("N")[..12]);
    private string _bin = "";
    private int _port;

    public string AdminConnectionString => $"Host=127.0.0.1;Port={_port};Username=postgres;Database=postgres;Pooling=false";

    public async Task StartAsync(params string[] settings)
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
            await Commands.RunAsync("chown", "-R", "postgres:postgres", _directory);
        }

        _port = FreePort();
        var data = Path.Combine(_directory, "data");
        await RunAsPostgresAsync("initdb", "-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-sync");
        await RunAsPostgresAsync("pg_ctl", "-D", data, "-l", Path.Combine(_directory, "server.log"), "-w", "-t", "60", "start",
            "-o", string.Join(' ', [$"-p {_port} -h 127.0.0.1 -k {_directory} -c max_connections=200", .. settings.Select(setting => "-c " + setting)]));
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
        Commands.RunAsync("psql", "-h", "127.0.0.1", "-p", _port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-U", "postgres",
            "-d", new NpgsqlConnectionStringBuilder(connectionString).Database!, "-v", "ON_ERROR_STOP=1", "-q", "-f", dumpPath);

    public async Task StopAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await RunAsPostgresAsync("pg_ctl", "-D", Path.Combine(_directory, "data"), "-m", "immediate", "-w", "stop");
        Directory.Delete(_directory, recursive: true);
    }

    private static bool IsRoot => Environment.UserName == "root";

    private Task RunAsPostgresAsync(string tool, params string[] arguments) => IsRoot
        ? Commands.RunAsync("runuser", ["-u", "postgres", "--", Path.Combine(_bin, tool), .. arguments])
        : Commands.RunAsync(Path.Combine(_bin, tool), arguments);

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
