using System.Diagnostics;

namespace WebhookConsole.Tests.Deployment;

/// <summary>
/// The app published as the guide says (<c>dotnet publish WebhookConsole -o …</c>), once per test run, into the test
/// output folder. Two differences from the guide's command, both for the suite's time on this 2-core machine, neither
/// changing the published layout (wwwroot, appsettings.json, the static assets manifest): it reuses the Debug build that
/// <c>dotnet test</c> just made (<c>-c Debug --no-build</c>) where the guide builds Release (minutes), and it skips the
/// precompressed <c>.br</c>/<c>.gz</c> copies of the static files (<c>CompressionEnabled=false</c>; about 2 minutes cold),
/// so the nodes serve the same files uncompressed.
/// </summary>
internal static class PublishedApp
{
    private static readonly Lazy<Task<string>> s_folder = new(PublishAsync);

    /// <summary>The folder holding <c>WebhookConsole.dll</c> and its <c>wwwroot</c>.</summary>
    public static Task<string> FolderAsync() => s_folder.Value;

    private static async Task<string> PublishAsync()
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "published");
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true); // a fresh publish each run, nothing left from an earlier one
        }

        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = DeployFiles.RepositoryRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[] { "publish", "WebhookConsole", "-c", "Debug", "--no-build", "-o", folder, "-p:CompressionEnabled=false", "-nodeReuse:false", "--nologo" })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0 || !File.Exists(Path.Combine(folder, "wwwroot", "_framework", "blazor.web.js")))
        {
            throw new InvalidOperationException($"dotnet publish failed ({process.ExitCode}): {await output}{await error}");
        }

        return folder;
    }
}
