using System.Diagnostics;
using System.Text.Json;
using System.Threading.Channels;

namespace WebhookConsole.Tests.Shared;

/// <summary>
/// <c>Receivers/slashid_receiver.py</c> run by Debian's Python with PyJWT (<c>python3-jwt</c>, installed by test.sh): a
/// receiver written from the SlashID guide with common libraries, independent of the engine's code. Each request it
/// gets becomes one report line (format, ok, event id, reason).
/// </summary>
public sealed class PythonReceiver : IAsyncDisposable
{
    public const string Python = "/usr/bin/python3";

    private readonly Process _process;
    private readonly Channel<JsonElement> _lines = Channel.CreateUnbounded<JsonElement>();
    private readonly Task _reader;
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _errors = new();

    private PythonReceiver(Process process)
    {
        _process = process;
        // Read as it comes: a full stderr pipe would block the receiver.
        _process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is { } line)
            {
                _errors.Enqueue(line);
            }
        };
        _process.BeginErrorReadLine();
        _reader = Task.Run(ReadLoopAsync);
    }

    public string BaseUrl { get; private set; } = "";

    public static async Task<PythonReceiver> StartAsync(Uri hub, Guid organizationId, string issuer)
    {
        var script = Path.Combine(AppContext.BaseDirectory, "Receivers", "slashid_receiver.py");
        var start = new ProcessStartInfo(Python)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "-u", script, hub.ToString().TrimEnd('/'), organizationId.ToString(), issuer })
        {
            start.ArgumentList.Add(argument);
        }

        var receiver = new PythonReceiver(Process.Start(start) ?? throw new InvalidOperationException("python3 did not start"));
        var listening = await receiver.NextAsync(TimeSpan.FromSeconds(30));
        receiver.BaseUrl = $"http://127.0.0.1:{listening.GetProperty("listening").GetInt32()}";
        return receiver;
    }

    /// <summary>Hands the receiver the secret of the webhook at <paramref name="path"/> and waits until it has it.</summary>
    public async Task AddSecretAsync(string path, string secret)
    {
        await _process.StandardInput.WriteLineAsync(JsonSerializer.Serialize(new { path, secret }));
        await _process.StandardInput.FlushAsync();
        var ack = await NextAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(path, ack.GetProperty("secret_for").GetString());
    }

    /// <summary>The next report line; fails after <paramref name="timeout"/> (a bound, not a sleep).</summary>
    public async Task<JsonElement> NextAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            return await _lines.Reader.ReadAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"The Python receiver reported nothing within {timeout}. Its errors: {string.Join('\n', _errors)}");
        }
    }

    private async Task ReadLoopAsync()
    {
        while (await _process.StandardOutput.ReadLineAsync() is { } line)
        {
            using var document = JsonDocument.Parse(line);
            _lines.Writer.TryWrite(document.RootElement.Clone());
        }

        _lines.Writer.TryComplete();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
        }

        await _process.WaitForExitAsync();
        await _reader;
        _process.Dispose();
    }
}
