using WebhookConsole.Tests.Shared;

namespace WebhookConsole.Tests.Deployment;

/// <summary>
/// A node started with a wrong setting stops before anything starts, with one sentence naming the setting and its
/// rule and exit code 3 (which the systemd unit does not restart), not a failed host's stack trace.
/// </summary>
public sealed class StartupSettingsTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "webhookconsole-settings-" + Guid.NewGuid().ToString("N")[..12]);

    public StartupSettingsTests() => Directory.CreateDirectory(_directory);

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Theory]
    [InlineData("Delivery:MaxParallelism", "0", "Delivery:MaxParallelism must be between 1 and 1024.")]
    [InlineData("Database:Provider", "Postgres", "ConnectionStrings:WebhookConsole is required when Database:Provider is Postgres.")]
    public async Task StartUp_WithAWrongSetting_StopsWithOneSentenceNamingIt(string key, string value, string rule)
    {
        var port = AppProcess.FreePort();

        await using var node = AppProcess.Start(_directory,
            [Path.Combine(AppContext.BaseDirectory, "WebhookConsole.dll"), "--urls", $"http://127.0.0.1:{port}", "--contentRoot", _directory, $"--{key}={value}"],
            new Uri($"http://127.0.0.1:{port}/"), new Dictionary<string, string>());
        var exitCode = await node.ExitCodeAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(3, exitCode);
        Assert.Contains($"WebhookConsole will not start: {rule}", node.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", node.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", node.Output, StringComparison.Ordinal);
        // Nothing was started: no database file was created.
        Assert.False(Directory.Exists(Path.Combine(_directory, "data")) && Directory.EnumerateFiles(Path.Combine(_directory, "data")).Any());
    }
}
