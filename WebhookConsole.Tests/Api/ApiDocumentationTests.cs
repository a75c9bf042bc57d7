using System.Net;
using WebhookConsole.Tests.Shared;

namespace WebhookConsole.Tests.Api;

/// <summary>The OpenAPI document and Swagger UI are public: no API key, no console login.</summary>
public sealed class ApiDocumentationTests : IAsyncLifetime
{
    private readonly ConsoleApp app = new();
    private HttpClient anonymous = null!;

    public Task InitializeAsync()
    {
        anonymous = new HttpClient { BaseAddress = app.Start() };
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        anonymous.Dispose();
        await app.DisposeAsync();
    }

    [Fact]
    public async Task OpenApiDocument_WithoutApiKey_DescribesEveryRouteWithItsErrors()
    {
        var response = await anonymous.GetAsync("openapi/v1.json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var document = await response.ReadJsonAsync();
        var paths = document.GetProperty("paths");
        var operations = paths.EnumerateObject()
            .SelectMany(p => p.Value.EnumerateObject().Select(o => $"{o.Name.ToUpperInvariant()} {p.Name}"))
            .Order().ToList();
        Assert.Equal(
            [
                "DELETE /organizations/webhooks/{webhook_id}",
                "DELETE /organizations/webhooks/{webhook_id}/triggers",
                "GET /audit-log",
                "GET /audit-log/verify",
                "GET /deliveries/{delivery_id}",
                "GET /event-types",
                "GET /event-types/{name}",
                "GET /organizations/retention",
                "GET /organizations/webhooks",
                "GET /organizations/webhooks/{webhook_id}",
                "GET /organizations/webhooks/{webhook_id}/deliveries",
                "GET /organizations/webhooks/{webhook_id}/triggers",
                "GET /organizations/webhooks/verification-jwks",
                "GET /platform/organizations",
                "GET /platform/organizations/{organization_id}",
                "PATCH /organizations/retention",
                "PATCH /organizations/webhooks/{webhook_id}",
                "PATCH /platform/organizations/{organization_id}",
                "POST /deliveries/{delivery_id}/redeliver",
                "POST /erasure",
                "POST /events",
                "POST /events/batch",
                "POST /hooks/{hook_name}",
                "POST /organizations/webhooks",
                "POST /organizations/webhooks/{webhook_id}/activate",
                "POST /organizations/webhooks/{webhook_id}/deactivate",
                "POST /organizations/webhooks/{webhook_id}/recover",
                "POST /organizations/webhooks/{webhook_id}/secret/rotate",
                "POST /organizations/webhooks/{webhook_id}/triggers",
                "POST /organizations/webhooks/{webhook_id}/verification/resend",
                "POST /organizations/webhooks/verification-jwks/rotate",
                "POST /platform/organizations",
                "POST /platform/organizations/{organization_id}/api-keys",
                "POST /platform/organizations/{organization_id}/disable",
                "POST /platform/organizations/{organization_id}/enable",
                "POST /platform/organizations/{organization_id}/operators",
                "POST /test-events",
            ],
            operations);
        var jwks = paths.GetProperty("/organizations/webhooks/verification-jwks").GetProperty("get").GetProperty("responses");
        Assert.True(jwks.TryGetProperty("429", out _));
        Assert.False(jwks.TryGetProperty("401", out _));
        foreach (var operation in paths.EnumerateObject().Where(p => !p.Name.EndsWith("verification-jwks", StringComparison.Ordinal))
            .SelectMany(p => p.Value.EnumerateObject()).Select(o => o.Value))
        {
            var responses = operation.GetProperty("responses");
            Assert.All(new[] { "400", "401", "403" }, status =>
                Assert.Equal("#/components/schemas/ErrorEnvelope", responses.GetProperty(status).GetProperty("content").GetProperty("application/json")
                    .GetProperty("schema").GetProperty("$ref").GetString()));
        }

        // SlashID's consistency headers belong to the organization routes; the platform API is the hub's own.
        foreach (var operation in paths.EnumerateObject().Where(p => !p.Name.EndsWith("verification-jwks", StringComparison.Ordinal) && !p.Name.StartsWith("/platform/", StringComparison.Ordinal))
            .SelectMany(p => p.Value.EnumerateObject()).Select(o => o.Value))
        {
            Assert.Contains(operation.GetProperty("parameters").EnumerateArray(), p => p.GetProperty("name").GetString() == "SlashID-Required-Consistency");
        }

        var create = paths.GetProperty("/organizations/webhooks").GetProperty("post");
        Assert.Equal("#/components/schemas/CreateWebhookBody",
            create.GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("schema").GetProperty("$ref").GetString());
        Assert.Equal("X-EXAMPLE", create.GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("example")
            .GetProperty("custom_headers").EnumerateObject().Single().Name);
        Assert.True(create.GetProperty("responses").TryGetProperty("409", out _));
        var required = document.GetProperty("components").GetProperty("schemas").GetProperty("CreateWebhookBody").GetProperty("required");
        Assert.Equal(["target_url", "name"], required.EnumerateArray().Select(r => r.GetString()).Order().Reverse());
        var createBody = document.GetProperty("components").GetProperty("schemas").GetProperty("CreateWebhookBody").GetProperty("properties");
        Assert.Equal("1", createBody.GetProperty("max_in_flight").GetProperty("minimum").GetRawText());
        Assert.Equal("256", createBody.GetProperty("max_in_flight").GetProperty("maximum").GetRawText());
        Assert.Equal("10000", createBody.GetProperty("rate_limit_per_second").GetProperty("maximum").GetRawText());
        Assert.Equal(["none", "fifo"], createBody.GetProperty("ordering").GetProperty("enum").EnumerateArray().Select(v => v.GetString()));
        var circuit = document.GetProperty("components").GetProperty("schemas").GetProperty("CircuitResource").GetProperty("properties");
        Assert.Equal(["closed", "open", "half_open"], circuit.GetProperty("state").GetProperty("enum").EnumerateArray().Select(v => v.GetString()));
        Assert.Equal(["SlashID-API-Key", "SlashID-OrgID"],
            document.GetProperty("components").GetProperty("securitySchemes").EnumerateObject().Select(s => s.Name).Order());
    }

    [Fact]
    public async Task OpenApiDocument_TagsAndDescriptions_NameResourcesAndTheProduct()
    {
        using var document = System.Text.Json.JsonDocument.Parse(await anonymous.GetStringAsync("openapi/v1.json"));

        var tags = document.RootElement.GetProperty("paths").EnumerateObject()
            .SelectMany(p => p.Value.EnumerateObject()).SelectMany(o => o.Value.GetProperty("tags").EnumerateArray().Select(t => t.GetString()!))
            .Distinct().Order().ToList();
        Assert.Equal(["Audit log", "Deliveries", "Event types", "Events", "Platform: organizations", "Privacy", "Signing keys", "Sync hooks", "Test events", "Triggers", "Webhooks"], tags);
        // Descriptions speak of the product, never of the specification files' numbers (000-004).
        var prose = Descendants(document.RootElement)
            .Where(p => p.Name is "description" or "summary" && p.Value.ValueKind == System.Text.Json.JsonValueKind.String)
            .Select(p => p.Value.GetString()!).ToList();
        Assert.NotEmpty(prose);
        Assert.All(prose, text => Assert.DoesNotMatch(new System.Text.RegularExpressions.Regex(@"\b00[0-4]\b"), text));
        Assert.DoesNotContain("Endpoints", string.Join(",", tags));
    }

    [Fact]
    public async Task SwaggerUi_WithoutLogin_ServesTheUiPointedAtTheDocument()
    {
        var redirected = await anonymous.GetAsync("swagger");
        var index = await anonymous.GetStringAsync("swagger/index.html");
        var initializer = await anonymous.GetStringAsync("swagger/index.js");

        Assert.Equal(HttpStatusCode.OK, redirected.StatusCode);
        Assert.EndsWith("/swagger/index.html", redirected.RequestMessage!.RequestUri!.AbsolutePath);
        Assert.Contains("swagger-ui", index);
        Assert.Contains("/openapi/v1.json", initializer);
    }

    private static IEnumerable<System.Text.Json.JsonProperty> Descendants(System.Text.Json.JsonElement element) => element.ValueKind switch
    {
        System.Text.Json.JsonValueKind.Object => element.EnumerateObject().SelectMany(p => Descendants(p.Value).Prepend(p)),
        System.Text.Json.JsonValueKind.Array => element.EnumerateArray().SelectMany(Descendants),
        _ => [],
    };
}
