using System.Diagnostics;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Npgsql;
using WebhookConsole.Tests.Shared;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace WebhookConsole.Tests.Deployment;

/// <summary>
/// The production shape of docs/deployment.md, whole: the app published once, two nodes started from the systemd
/// unit's command line with its shared settings at the same moment on an empty PostgreSQL database, Debian's nginx
/// with deploy/nginx/webhookconsole.conf and a self-signed certificate in front of them on loopback. Chromium logs in
/// over HTTPS, adds a webhook and sees its delivery; the API works through the proxy; then the browser's node is
/// killed: the API never sees an error, and the console carries on from the other node, still signed in.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed partial class ProxiedNodesTests(PostgresServer postgres, ITestOutputHelper output) : IAsyncLifetime
{
    private const string ApiKey = "whc_deployment_key_0123456789abcdef";
    private const string AdminEmail = "operator@example.com";
    private const string AdminPassword = "Deployment-Passw0rd";
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "webhookconsole-deploy-" + Guid.NewGuid().ToString("N")[..12]);
    private readonly Guid _organizationId = Guid.NewGuid();
    private readonly BrowserFixture _browser = new();
    private TestReceiver _receiver = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_directory);
        _receiver = await TestReceiver.StartAsync();
        await _browser.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await _browser.DisposeAsync();
        await _receiver.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task TwoPublishedNodesBehindNginx_StartedTogether_ServeConsoleAndApiAndOutliveANode()
    {
        var clock = Stopwatch.StartNew();
        var published = await PublishedApp.FolderAsync();
        output.WriteLine($"{clock.Elapsed.TotalSeconds:F1} s: published to {published}");
        var nodes = new[] { AppProcess.FreePort(), AppProcess.FreePort() }.Select(port => new Uri($"http://127.0.0.1:{port}/")).ToList();
        await using var proxy = await NginxProxy.StartAsync(Path.Combine(_directory, "nginx"), AppProcess.FreePort(), nodes);
        var database = await postgres.CreateDatabaseAsync();
        var settings = NodeSettings(database, proxy.Address);

        // Both nodes at the same moment, on an empty database: one migrates it, the other waits for it, both come up.
        await using var first = StartNode(published, nodes[0], settings);
        await using var second = StartNode(published, nodes[1], settings);
        await Task.WhenAll(first.WaitUntilHealthyAsync("readyz"), second.WaitUntilHealthyAsync("readyz"));
        output.WriteLine($"{clock.Elapsed.TotalSeconds:F1} s: both nodes ready");
        var migrated = new[] { first, second }.Select(node => int.Parse(MigratedPattern().Match(node.Output).Groups[1].Value)).Order().ToList();
        Assert.Equal(0, migrated[0]);
        Assert.True(migrated[1] > 0, $"One node applies the migrations: {string.Join(", ", migrated)}");
        Assert.Equal(1L, await ScalarAsync(database, "SELECT count(*) FROM data_protection_keys"));

        // Chromium over HTTPS through nginx: log in, add a webhook, switch it on.
        await using var context = await _browser.Browser.NewContextAsync(new() { BaseURL = proxy.Address.ToString(), IgnoreHTTPSErrors = true, ViewportSize = new() { Width = 1366, Height = 900 } });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/");
        await page.GetByLabel("Email").FillAsync(AdminEmail);
        await page.GetByLabel("Password").FillAsync(AdminPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Add webhook" })).ToBeEnabledAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Add webhook" }).ClickAsync();
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("Logins behind nginx");
        await page.GetByLabel("Endpoint").FillAsync(_receiver.Url);
        await page.GetByLabel("Logins").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Create" }).ClickAsync();
        _receiver.Secret = await page.Locator("#created-secret").InnerTextAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Done" }).ClickAsync();
        await page.GetByRole(AriaRole.Switch, new() { Name = "Active" }).Locator("..").ClickAsync();
        await _receiver.NextVerificationAsync();
        await Expect(page.Locator("[data-channel=login]")).ToContainTextAsync("accepted");

        // The API through the proxy: an event is accepted and delivered, signed; the operator sees the delivery.
        using var api = ApiClient(proxy);
        var firstEvent = await PublishAsync(api);
        var delivered = await _receiver.NextPostAsync(TimeSpan.FromSeconds(60));
        Assert.True(delivered.SignatureValid);
        Assert.Contains(firstEvent, delivered.BodyText, StringComparison.Ordinal);
        // The other node may have sent it, and a page is refreshed live only by its own node's changes: wait until the
        // outcome is recorded, then open the log.
        await WaitForSucceededDeliveriesAsync(api, 1);
        await page.GetByRole(AriaRole.Link, new() { Name = "Deliveries" }).ClickAsync();
        await Expect(page.Locator("tr", new() { HasText = "AuthenticationSucceeded_v1" })).ToContainTextAsync("succeeded");
        await page.ShotAsync("deployment-01-delivery-through-nginx");

        // The proxy refuses a body over the API's limit in the API's own envelope.
        using var tooLarge = await api.SendJsonAsync(HttpMethod.Post, "events", JsonSerializer.Serialize(new { event_name = "AuthenticationSucceeded_v1", payload = new { pad = new string('x', 300 * 1024) } }));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.StatusCode);
        Assert.Equal(413, (await tooLarge.ReadJsonAsync()).GetProperty("errors")[0].GetProperty("httpcode").GetInt32());

        // Kill the node holding the browser's circuit, while the API keeps reading through the proxy.
        var browserPort = LastUpstreamPort(proxy.AccessLog, "/_blazor/negotiate");
        var (lost, surviving) = browserPort == nodes[0].Port ? (first, second) : (second, first);
        Assert.Equal(browserPort, lost.BaseAddress.Port);
        using var reading = new CancellationTokenSource();
        var reads = ReadContinuouslyAsync(api, reading.Token);
        await page.EvaluateAsync("() => { window.beforeNodeLoss = true; }");
        await lost.KillAsync();
        output.WriteLine($"{clock.Elapsed.TotalSeconds:F1} s: killed the node on port {lost.BaseAddress.Port}");

        // The browser's circuit died with its node: the script tries to rejoin, the surviving node does not know the
        // circuit, and the page reloads by itself, still signed in (the sign-in cookie is readable on every node).
        await page.WaitForFunctionAsync("() => window.beforeNodeLoss === undefined", null, new() { Timeout = 60_000 });
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Deliveries" })).ToBeVisibleAsync();
        Assert.DoesNotContain("/login", page.Url, StringComparison.Ordinal);
        // A link followed before the new circuit is up would be an enhanced load without one (ConsoleBrowsing): open the
        // Webhooks page afresh instead, and wait until it is interactive.
        await page.GotoAsync("/");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Add webhook" })).ToBeEnabledAsync();

        // The API never notices: reads go on until nginx has moved at least one off the lost node, all answered 200.
        await WaitForFailOverAsync(proxy.AccessLog, lost.BaseAddress.Port);
        await reading.CancelAsync();
        var statuses = await reads;
        Assert.NotEmpty(statuses);
        Assert.All(statuses, status => Assert.Equal(HttpStatusCode.OK, status));

        // Work goes on: an event published now is delivered by the surviving node and shown in the console.
        var secondEvent = await PublishAsync(api);
        var deliveredAfter = await _receiver.NextPostAsync(TimeSpan.FromSeconds(60));
        Assert.Contains(secondEvent, deliveredAfter.BodyText, StringComparison.Ordinal);
        await WaitForSucceededDeliveriesAsync(api, 2);
        await page.GetByRole(AriaRole.Link, new() { Name = "Deliveries" }).ClickAsync();
        await Expect(page.Locator("tr", new() { HasText = "AuthenticationSucceeded_v1" })).ToHaveCountAsync(2);
        await Expect(page.Locator("tr", new() { HasText = "AuthenticationSucceeded_v1" }).First).ToContainTextAsync("succeeded");
        await page.ShotAsync("deployment-02-after-node-loss");
        output.WriteLine($"{clock.Elapsed.TotalSeconds:F1} s: done; {statuses.Count} API reads across the node loss, all 200; surviving node {surviving.BaseAddress.Port}");
    }

    // The shared settings file with this test's values, and what only a test needs (a loopback receiver, its admin).
    private Dictionary<string, string> NodeSettings(string database, Uri proxy)
    {
        var shared = DeployFiles.Settings(DeployFiles.SharedSettings);
        var values = new Dictionary<string, string>
        {
            ["Database:Provider"] = "Postgres",
            ["ConnectionStrings:WebhookConsole"] = database,
            ["DataProtection:MasterKey"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),
            ["Delivery:PublicBaseUrl"] = proxy.ToString().TrimEnd('/'),
            ["ForwardedHeaders:KnownProxies"] = "127.0.0.1",
        };
        Assert.Equal(shared.Keys.Order(), values.Keys.Order());
        Assert.Equal("Postgres", shared["Database:Provider"]);
        values["Bootstrap:AdminEmail"] = AdminEmail;
        values["Bootstrap:AdminPassword"] = AdminPassword;
        values["Bootstrap:OrganizationId"] = _organizationId.ToString();
        values["Bootstrap:OrganizationHandle"] = "deployment";
        values["Bootstrap:ApiKey"] = ApiKey;
        values["Delivery:AllowInsecureTargets"] = "true";
        values["Logging:LogLevel:WebhookConsole.Engine.Persistence"] = "Information";
        return values;
    }

    // The unit's ExecStart in its WorkingDirectory, with the published folder for /opt/webhookconsole and this node's address.
    private static AppProcess StartNode(string published, Uri address, Dictionary<string, string> settings)
    {
        var execStart = DeployFiles.UnitValue("ExecStart").Split(' ');
        Assert.Equal("/usr/bin/dotnet", execStart[0]);
        Assert.Equal("/opt/webhookconsole", DeployFiles.UnitValue("WorkingDirectory"));
        var arguments = DeployFiles.Edit(string.Join(' ', execStart[1..]),
            ("/opt/webhookconsole", published), ("http://0.0.0.0:5080", $"http://127.0.0.1:{address.Port}")).Split(' ');
        return AppProcess.Start(published, arguments, address, settings);
    }

    private HttpClient ApiClient(NginxProxy proxy)
    {
        var client = proxy.CreateClient();
        client.DefaultRequestHeaders.Add("SlashID-OrgID", _organizationId.ToString());
        client.DefaultRequestHeaders.Add("SlashID-API-Key", ApiKey);
        return client;
    }

    private static async Task<string> PublishAsync(HttpClient api)
    {
        using var response = await api.SendJsonAsync(HttpMethod.Post, "events", """{"event_name": "AuthenticationSucceeded_v1", "payload": {"user": {"id": "d4002616"}}}""");
        return (await response.ReadResultAsync(HttpStatusCode.Accepted)).GetProperty("id").GetString()!;
    }

    // Polls the API (bounded) until the one webhook has this many succeeded deliveries.
    private static async Task WaitForSucceededDeliveriesAsync(HttpClient api, int count)
    {
        var webhookId = (await (await api.GetAsync("organizations/webhooks")).ReadResultAsync(HttpStatusCode.OK))[0].GetProperty("id").GetString();
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var deliveries = await (await api.GetAsync($"organizations/webhooks/{webhookId}/deliveries")).ReadResultAsync(HttpStatusCode.OK);
            if (deliveries.EnumerateArray().Count(d => d.GetProperty("status").GetString() == "succeeded") >= count)
            {
                return;
            }

            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(60), $"Not {count} succeeded deliveries within 60 s: {deliveries}");
            await Task.Delay(100);
        }
    }

    // Each read's status; a request that failed outright counts as 0.
    private static async Task<List<HttpStatusCode>> ReadContinuouslyAsync(HttpClient api, CancellationToken stop)
    {
        var statuses = new List<HttpStatusCode>();
        while (!stop.IsCancellationRequested)
        {
            try
            {
                using var response = await api.GetAsync("organizations/webhooks", CancellationToken.None);
                statuses.Add(response.StatusCode);
            }
            catch (HttpRequestException)
            {
                statuses.Add(0);
            }
        }

        return statuses;
    }

    // The node (port) that answered the last request for a path, from the site's access log (upstream=…; the last
    // address when nginx moved the request on).
    private static int LastUpstreamPort(string accessLog, string path)
    {
        var line = File.ReadAllLines(accessLog).Last(l => l.Contains(path, StringComparison.Ordinal));
        return new Uri("http://" + UpstreamPattern().Match(line).Groups[1].Value.Split(", ")[^1]).Port;
    }

    // nginx logs "upstream=127.0.0.1:<lost>, 127.0.0.1:<surviving>" for a request it moved off the lost node. Bounded.
    private static async Task WaitForFailOverAsync(string accessLog, int lostPort)
    {
        var deadline = Stopwatch.StartNew();
        while (!File.ReadAllLines(accessLog).Any(l => l.Contains($"upstream=127.0.0.1:{lostPort}, ", StringComparison.Ordinal)))
        {
            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(60), "nginx moved no request off the lost node within 60 s.");
            await Task.Delay(50);
        }
    }

    private static async Task<object?> ScalarAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }

    [GeneratedRegex(@"Database ready; (\d+) migrations applied\.")]
    private static partial Regex MigratedPattern();

    [GeneratedRegex(@"upstream=(\S+(?:, \S+)*) upstream_status=")]
    private static partial Regex UpstreamPattern();
}
