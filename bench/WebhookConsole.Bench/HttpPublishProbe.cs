using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using System.Text;

namespace WebhookConsole.Bench;

/// <summary>
/// <c>--probe http-publish</c>: events accepted per second over HTTP by the real app (its own process, on a fresh SQLite
/// file, production settings), from 64 keep-alive callers: <c>POST /events</c> one event a call, then
/// <c>POST /events/batch</c> 100 events a call. One webhook is subscribed, so each event also queues a delivery that the
/// app sends to the bench's receiver meanwhile, as in production.
/// </summary>
public static class HttpPublishProbe
{
    private const int Callers = 64;
    private const int BatchSize = 100;
    private const string ApiKey = "whc_bench_key_0123456789abcdefghijklmnop";

    public static async Task RunAsync(BenchReceiver receiver, int seconds)
    {
        var organizationId = Guid.NewGuid();
        var directory = Directory.CreateTempSubdirectory("webhookconsole-bench-http-");
        var port = FreePort();
        using var app = StartApp(directory.FullName, port, organizationId);
        try
        {
            using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = Callers, UseProxy = false })
            {
                BaseAddress = new Uri($"http://127.0.0.1:{port}/"),
                Timeout = TimeSpan.FromMinutes(1),
            };
            client.DefaultRequestHeaders.Add("SlashID-OrgID", organizationId.ToString());
            client.DefaultRequestHeaders.Add("SlashID-API-Key", ApiKey);
            await WaitUntilReadyAsync(client, app);
            await SubscribeAsync(client, receiver.BaseUrl + "/http");

            var single = Body("""{"event_name":"AuthenticationSucceeded_v1","payload":{{payload}}}""".Replace("{{payload}}", EngineBench.Payload));
            var batch = Body("{\"events\":[" + string.Join(",", Enumerable.Repeat(
                """{"event_name":"AuthenticationSucceeded_v1","payload":{{payload}}}""".Replace("{{payload}}", EngineBench.Payload), BatchSize)) + "]}");

            // Warm-up: JIT, connection pools, the app's caches.
            await ClosedLoopAsync(client, "events", single, 1, TimeSpan.FromSeconds(3));
            var singleRate = await ClosedLoopAsync(client, "events", single, 1, TimeSpan.FromSeconds(seconds));
            Console.WriteLine($"http publish, one event a call (POST /events)          {singleRate,10:N0} events/s");
            await ClosedLoopAsync(client, "events/batch", batch, BatchSize, TimeSpan.FromSeconds(2));
            var batchRate = await ClosedLoopAsync(client, "events/batch", batch, BatchSize, TimeSpan.FromSeconds(seconds));
            Console.WriteLine($"http publish, {BatchSize} events a call (POST /events/batch) {batchRate,10:N0} events/s");
            Console.WriteLine(FormattableString.Invariant($"RESULT http_single_events_per_s={singleRate:F0} http_batch100_events_per_s={batchRate:F0}"));
        }
        finally
        {
            app.Kill(entireProcessTree: true);
            await app.WaitForExitAsync();
            directory.Delete(recursive: true);
        }
    }

    private static byte[] Body(string json) => Encoding.UTF8.GetBytes(json);

    private static async Task<double> ClosedLoopAsync(HttpClient client, string path, byte[] body, int eventsPerCall, TimeSpan duration)
    {
        long events = 0;
        var stopwatch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, Callers).Select(async _ =>
        {
            while (stopwatch.Elapsed < duration)
            {
                using var content = new ByteArrayContent(body);
                content.Headers.ContentType = new("application/json");
                using var response = await client.PostAsync(path, content);
                if (response.StatusCode != HttpStatusCode.Accepted)
                {
                    throw new InvalidOperationException($"POST /{path} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
                }

                Interlocked.Add(ref events, eventsPerCall);
            }
        }));
        return events / stopwatch.Elapsed.TotalSeconds;
    }

    private static async Task SubscribeAsync(HttpClient client, string targetUrl)
    {
        using var created = await client.PostAsync("organizations/webhooks", Json($$"""{"target_url":"{{targetUrl}}","name":"bench","format":"standard"}"""));
        var id = System.Text.Json.JsonDocument.Parse(await created.EnsureSuccessStatusCode().Content.ReadAsStringAsync()).RootElement.GetProperty("result").GetProperty("id").GetString();
        using var trigger = await client.PostAsync($"organizations/webhooks/{id}/triggers", Json("""{"trigger_type":"event","trigger_name":"AuthenticationSucceeded_v1"}"""));
        trigger.EnsureSuccessStatusCode();
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    // The app's own build output: the bench project references the web project, so `dotnet run` builds both.
    private static Process StartApp(string directory, int port, Guid organizationId)
    {
        var configuration = typeof(HttpPublishProbe).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "WebhookConsole.sln")))
        {
            root = root.Parent;
        }

        var dll = Path.Combine(root?.FullName ?? throw new InvalidOperationException("WebhookConsole.sln not found above the bench."),
            "WebhookConsole", "bin", configuration, "net10.0", "WebhookConsole.dll");
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = directory, UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "exec", dll, "--urls", $"http://127.0.0.1:{port}" })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["ConnectionStrings__WebhookConsole"] = $"Data Source={Path.Combine(directory, "bench.db")}";
        start.Environment["DataProtection__MasterKeyFile"] = Path.Combine(directory, "master.key");
        start.Environment["Bootstrap__AdminEmail"] = "bench@example.com";
        start.Environment["Bootstrap__AdminPassword"] = "Bench-Password-42";
        start.Environment["Bootstrap__OrganizationId"] = organizationId.ToString();
        start.Environment["Bootstrap__OrganizationHandle"] = "bench";
        start.Environment["Bootstrap__ApiKey"] = ApiKey;
        start.Environment["Delivery__AllowInsecureTargets"] = "true";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        var process = Process.Start(start) ?? throw new InvalidOperationException("The app did not start.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                Console.Error.WriteLine("app: " + e.Data);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task WaitUntilReadyAsync(HttpClient client, Process app)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromMinutes(1))
        {
            if (app.HasExited)
            {
                throw new InvalidOperationException($"The app exited with {app.ExitCode}.");
            }

            try
            {
                using var ready = await client.GetAsync("readyz");
                if (ready.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(200);
        }

        throw new TimeoutException("The app was not ready within a minute.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
