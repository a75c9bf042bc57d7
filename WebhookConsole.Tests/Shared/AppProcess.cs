using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace WebhookConsole.Tests.Shared;

/// <summary>
/// The real app as its own operating-system process (<c>dotnet WebhookConsole.dll</c>), for tests that need
/// several nodes or a hard kill. Settings go in as environment variables, as an operator would set them.
/// </summary>
public sealed class AppProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private AppProcess(Process process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    /// <summary>What the process wrote to standard output and error so far, line by line.</summary>
    public string Output => string.Join('\n', _output);

    /// <summary>The test build's app on a free loopback port with <paramref name="contentRoot"/>, once <c>/healthz</c> answers.</summary>
    public static async Task<AppProcess> StartAsync(string contentRoot, IReadOnlyDictionary<string, string> settings)
    {
        var port = FreePort();
        var app = Start(contentRoot, [Path.Combine(AppContext.BaseDirectory, "WebhookConsole.dll"), "--urls", $"http://127.0.0.1:{port}", "--contentRoot", contentRoot],
            new Uri($"http://127.0.0.1:{port}/"), settings);
        await app.WaitUntilHealthyAsync();
        return app;
    }

    /// <summary>
    /// <c>dotnet</c> with <paramref name="arguments"/> in <paramref name="workingDirectory"/> (e.g. a systemd unit's
    /// <c>ExecStart</c> and <c>WorkingDirectory</c>), expected at <paramref name="baseAddress"/>; not waited for.
    /// </summary>
    public static AppProcess Start(string workingDirectory, IEnumerable<string> arguments, Uri baseAddress, IReadOnlyDictionary<string, string> settings)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (key, value) in settings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var process = Process.Start(start)!;
        var app = new AppProcess(process, baseAddress);
        // Keep the output for assertions, and drain it so the process never blocks on a full pipe.
        process.OutputDataReceived += (_, line) => app.Keep(line.Data);
        process.ErrorDataReceived += (_, line) => app.Keep(line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return app;
    }

    /// <summary>SIGKILL: no shutdown code runs, as when a machine dies or the kernel kills the process.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    /// <summary>The exit code of a process expected to stop by itself, within <paramref name="bound"/>.</summary>
    public async Task<int> ExitCodeAsync(TimeSpan bound)
    {
        using var timeout = new CancellationTokenSource(bound);
        await _process.WaitForExitAsync(timeout.Token);
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            await KillAsync();
        }

        _process.Dispose();
    }

    /// <summary>
    /// Polls <paramref name="path"/> until it answers 200, within a bound (start-up is observable). Generous: two nodes
    /// starting one after the other on a loaded 2-core machine took up to 85 s.
    /// </summary>
    public async Task WaitUntilHealthyAsync(string path = "healthz")
    {
        using var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(180))
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The app exited during start-up with code {_process.ExitCode}:\n{Output}");
            }

            try
            {
                if ((await client.GetAsync(path)).StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Not answering yet.
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"The app did not answer 200 on /{path} within 180 seconds:\n{Output}");
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private void Keep(string? line)
    {
        if (line is not null)
        {
            _output.Enqueue(line);
        }
    }
}
