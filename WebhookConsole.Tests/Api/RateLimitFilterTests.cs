using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Logging;
using WebhookConsole.Api.RateLimiting;
using WebhookConsole.Tests.Shared;

namespace WebhookConsole.Tests.Api;

/// <summary>
/// <c>RequireOrganizationRateLimit</c> on a real endpoint over HTTP, with a clock the test moves: 429 with
/// <c>Retry-After</c> and the errors envelope once an organization's burst is spent.
/// </summary>
public sealed class RateLimitFilterTests : IAsyncLifetime
{
    private readonly ManualTimeProvider time = new();
    private WebApplication app = null!;
    private HttpClient client = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(new OrganizationRateLimits(time));
        app = builder.Build();
        app.MapGet("/limited", () => "ok").RequireOrganizationRateLimit(TokenBucketPolicy.VerificationJwks);
        await app.StartAsync();
        client = new HttpClient { BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()) };
    }

    public async Task DisposeAsync()
    {
        client.Dispose();
        await app.DisposeAsync();
    }

    [Fact]
    public async Task Get_BurstSpent_Answers429WithRetryAfterUntilTheClockRefills()
    {
        var organization = Guid.NewGuid().ToString();
        for (var i = 0; i < 60; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await GetAsync(organization)).StatusCode);
        }

        var refused = await GetAsync(organization);
        var otherOrganization = await GetAsync(Guid.NewGuid().ToString());
        time.Advance(TimeSpan.FromSeconds(2));
        var afterRefill = await GetAsync(organization);

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(2), refused.Headers.RetryAfter!.Delta);
        var error = Assert.Single((await refused.ReadJsonAsync()).GetProperty("errors").EnumerateArray());
        Assert.Equal(429, error.GetProperty("httpcode").GetInt32());
        Assert.Contains("at most 30 requests per minute per organization, with bursts of 60", error.GetProperty("message").GetString());
        Assert.Equal(HttpStatusCode.OK, otherOrganization.StatusCode);
        Assert.Equal(HttpStatusCode.OK, afterRefill.StatusCode);
    }

    [Fact]
    public async Task Get_WithoutOrganization_Answers400NamingTheHeader()
    {
        var response = await client.GetAsync("limited");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("SlashID-OrgID header is required", await response.Content.ReadAsStringAsync());
    }

    private async Task<HttpResponseMessage> GetAsync(string organization)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "limited");
        request.Headers.Add("SlashID-OrgID", organization);
        return await client.SendAsync(request);
    }
}
