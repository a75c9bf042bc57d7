using System.Net;
using System.Text.Json;
using WebhookConsole.Engine.Delivery;
using WebhookConsole.Tests.Shared;

namespace WebhookConsole.Tests.Api;

/// <summary><c>/healthz</c> and <c>/readyz</c> on the real app, without signing in, as a load balancer or Kubernetes calls them.</summary>
public sealed class HealthEndpointsTests : IAsyncLifetime
{
    private readonly ManualTimeProvider time = new(DateTimeOffset.UtcNow);
    private readonly ConsoleApp app;
    private HttpClient client = null!;

    public HealthEndpointsTests() => app = new ConsoleApp(services: services => services.AddSingleton<TimeProvider>(time));

    public Task InitializeAsync()
    {
        client = new HttpClient { BaseAddress = app.Start() };
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        client.Dispose();
        await app.DisposeAsync();
    }

    [Fact]
    public async Task Healthz_ServingProcess_Answers200Healthy()
    {
        var response = await client.GetAsync("healthz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Readyz_DatabaseAndWorkersAlive_Answers200WithEveryCheckHealthy()
    {
        var response = await client.GetAsync("readyz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Healthy", body.RootElement.GetProperty("status").GetString());
        var checks = body.RootElement.GetProperty("checks");
        Assert.Equal(["database", "delivery-dispatcher", "verification-worker"], checks.EnumerateObject().Select(c => c.Name).Order());
        Assert.All(checks.EnumerateObject(), c => Assert.Equal("Healthy", c.Value.GetProperty("status").GetString()));
    }

    [Fact]
    public async Task Readyz_DispatcherStoppedForLongerThanItsAllowedSilence_Answers503NamingIt()
    {
        await app.Services.GetRequiredService<DeliveryDispatcher>().StopAsync(CancellationToken.None);
        time.Advance(TimeSpan.FromMinutes(1));

        var response = await client.GetAsync("readyz");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Unhealthy", body.RootElement.GetProperty("status").GetString());
        var checks = body.RootElement.GetProperty("checks");
        Assert.Equal("Unhealthy", checks.GetProperty("delivery-dispatcher").GetProperty("status").GetString());
        Assert.Equal("Healthy", checks.GetProperty("database").GetProperty("status").GetString());
    }
}
