using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using WebhookConsole.Engine.Diagnostics;

namespace WebhookConsole.Hosting;

/// <summary>The <c>Telemetry</c> section: the Prometheus scraping endpoint.</summary>
public sealed class TelemetryOptions
{
    public const string Section = "Telemetry";

    public PrometheusOptions Prometheus { get; set; } = new();

    /// <summary>Where Prometheus scrapes; off with <c>Telemetry:Prometheus:Enabled=false</c>.</summary>
    public sealed class PrometheusOptions
    {
        public bool Enabled { get; set; } = true;

        public string Path { get; set; } = "/metrics";
    }
}

/// <summary>
/// OpenTelemetry: the delivery meter, ASP.NET Core, the HTTP client and the .NET runtime as metrics, scraped at
/// <c>/metrics</c> (Prometheus text) and pushed over OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set; traces from
/// the API request through each delivery attempt, over OTLP only. Nothing secret is recorded: URLs whose path is a
/// secret (Slack, the operational webhook) are left out, query strings are redacted, no header or payload is a tag.
/// </summary>
public static class TelemetryExtensions
{
    public const string OtlpEndpointKey = "OTEL_EXPORTER_OTLP_ENDPOINT";
    public const string ServiceName = "WebhookConsole";

    public static WebApplicationBuilder AddWebhookTelemetry(this WebApplicationBuilder builder)
    {
        var settings = builder.Configuration.GetSection(TelemetryOptions.Section).Get<TelemetryOptions>() ?? new TelemetryOptions();
        builder.Services.AddOptions<TelemetryOptions>().BindConfiguration(TelemetryOptions.Section)
            .Validate(o => !o.Prometheus.Enabled || (o.Prometheus.Path.StartsWith('/') && o.Prometheus.Path.Length > 1),
                "Telemetry:Prometheus:Path must be a path such as /metrics.")
            .ValidateOnStart();
        // The exporter reads the standard OTEL_* variables (endpoint, protocol, headers, batch delay) from configuration.
        var otlp = !string.IsNullOrWhiteSpace(builder.Configuration[OtlpEndpointKey]);
        var version = typeof(TelemetryExtensions).Assembly.GetName().Version?.ToString();

        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(ServiceName, serviceVersion: version, serviceInstanceId: Environment.MachineName));
        telemetry.WithMetrics(metrics =>
        {
            metrics.AddMeter(DeliveryMetrics.MeterName)
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation();
            if (settings.Prometheus.Enabled)
            {
                metrics.AddPrometheusExporter();
            }

            if (otlp)
            {
                metrics.AddOtlpExporter();
            }
        });

        // Without an exporter no span is made at all: the engine's spans cost nothing when nobody listens.
        if (otlp)
        {
            telemetry.WithTracing(tracing => tracing
                .AddSource(DeliveryTracing.SourceName)
                .AddAspNetCoreInstrumentation(options => options.Filter = http => IsTraced(http.Request.Path, settings))
                .AddHttpClientInstrumentation(options => options.FilterHttpRequestMessage = request =>
                    !(request.Options.TryGetValue(DeliveryTracing.SecretUrl, out var secret) && secret))
                .AddOtlpExporter());
        }

        return builder;
    }

    /// <summary>Maps the scraping endpoint (anonymous, like the health endpoints) when it is on.</summary>
    public static WebApplication MapWebhookTelemetry(this WebApplication app)
    {
        var settings = app.Services.GetRequiredService<IOptions<TelemetryOptions>>().Value;
        if (settings.Prometheus.Enabled)
        {
            app.MapPrometheusScrapingEndpoint(settings.Prometheus.Path).AllowAnonymous();
        }

        return app;
    }

    // The API and the console's pages; not the scrapes, health probes, static files or the Blazor circuit.
    private static bool IsTraced(PathString path, TelemetryOptions settings) =>
        !(path.StartsWithSegments(settings.Prometheus.Path) || path.StartsWithSegments(HealthEndpoints.LivenessPath)
            || path.StartsWithSegments(HealthEndpoints.ReadinessPath) || path.StartsWithSegments("/_framework")
            || path.StartsWithSegments("/_blazor") || path.StartsWithSegments("/_content") || Path.HasExtension(path.Value));
}
