namespace WebhookConsole.Tests.Deployment;

/// <summary>
/// The operator's files in <c>deploy/</c>, read from the repository as the guide (docs/deployment.md) tells an operator
/// to install them. A test changes only what is marked for editing (addresses, ports, paths, secrets), and fails when a
/// line it expects to change is missing, so the files and the test cannot drift apart.
/// </summary>
internal static class DeployFiles
{
    public const string NginxSite = "deploy/nginx/webhookconsole.conf";
    public const string SystemdUnit = "deploy/systemd/webhookconsole.service";
    public const string SharedSettings = "deploy/systemd/webhookconsole.env";

    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    public static string Read(string path) => File.ReadAllText(Path.Combine(RepositoryRoot, path));

    /// <summary>The <c>KEY=value</c> lines of an environment file, with keys as configuration keys (<c>Database:Provider</c>).</summary>
    public static Dictionary<string, string> Settings(string path) => Read(path).Split('\n')
        .Select(line => line.Trim())
        .Where(line => line.Length > 0 && !line.StartsWith('#'))
        .Select(line => line.Split('=', 2))
        .ToDictionary(pair => pair[0].Replace("__", ":", StringComparison.Ordinal), pair => pair[1]);

    /// <summary>The value of a <c>Key=</c> line of the systemd unit (e.g. <c>ExecStart</c>).</summary>
    public static string UnitValue(string key) =>
        Read(SystemdUnit).Split('\n').Select(line => line.Trim()).Single(line => line.StartsWith(key + "=", StringComparison.Ordinal))[(key.Length + 1)..];

    /// <summary><paramref name="text"/> with each edit applied; an edit whose text does not occur is a failure.</summary>
    public static string Edit(string text, params (string From, string To)[] edits)
    {
        foreach (var (from, to) in edits)
        {
            Assert.True(text.Contains(from, StringComparison.Ordinal), $"The deploy file no longer contains '{from}', which the test replaces.");
            text = text.Replace(from, to, StringComparison.Ordinal);
        }

        return text;
    }

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "WebhookConsole.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("The repository root (with WebhookConsole.sln) was not found above " + AppContext.BaseDirectory);
    }
}
