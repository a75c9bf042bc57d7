namespace WebhookConsole.Tests.Shared;

/// <summary>A fresh SQLite file in its own temporary folder, deleted afterwards.</summary>
public sealed class TempDatabase : IDisposable
{
    public TempDatabase()
    {
        Directory = Path.Combine(Path.GetTempPath(), "webhookconsole-tests", Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Directory);
        FilePath = Path.Combine(Directory, "webhookconsole.db");
    }

    public string Directory { get; }

    public string FilePath { get; }

    public string ConnectionString => $"Data Source={FilePath}";

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held by a closing process is left to the OS's temp clean-up.
        }
    }
}
