namespace WebhookConsole.Engine.Configuration;

/// <summary>Settings of the delivery engine (configuration section <c>Delivery</c>).</summary>
public sealed class DeliveryOptions
{
    public const string Section = "Delivery";

    /// <summary>Allows <c>http://</c> targets and loopback or IP hosts: for local testing only (Asgardeo's WebSub guide, the X-Webhook-* receiver guide).</summary>
    public bool AllowInsecureTargets { get; set; }

    /// <summary>This hub's public base URL: the <c>iss</c> of every payload.</summary>
    public string PublicBaseUrl { get; set; } = "http://localhost:5080";

    public RetryOptions Retry { get; set; } = new();

    /// <summary>How many due deliveries one claim takes.</summary>
    public int BatchSize { get; set; } = 100;

    /// <summary>How many requests this process has in flight at once (the number of senders).</summary>
    public int MaxParallelism { get; set; } = 64;

    /// <summary>How often a dispatcher looks for due work when nothing signalled it.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a claim holds a row beyond the request timeout before another dispatcher may take it.</summary>
    public TimeSpan LeaseMargin { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How much of a response body the log keeps.</summary>
    public int ResponseBodyLimit { get; set; } = 16 * 1024;

    /// <summary>Request timeout for events when a webhook's own is <c>0s</c>.</summary>
    public TimeSpan DefaultEventTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Request timeout for sync hooks when a webhook's own is <c>0s</c>.</summary>
    public TimeSpan DefaultSyncHookTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long finished deliveries (and their attempts and events) stay in the log before the retention purge deletes them.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(30);

    /// <summary>A webhook whose every attempt has failed for this long is disabled by the auto-disable check (as Svix: 5 days).</summary>
    public TimeSpan DisableAfter { get; set; } = TimeSpan.FromDays(5);
}

/// <summary>The retry schedule of SlashID's webhooks guide for event deliveries.</summary>
public sealed class RetryOptions
{
    public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromMinutes(1);

    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Counted from the first attempt; no retry is scheduled past it.</summary>
    public TimeSpan GiveUpAfter { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Up to this fraction of a backoff is added at random (0 turns jitter off).</summary>
    public double Jitter { get; set; } = 0.1;

    /// <summary>The longest a receiver's <c>Retry-After</c> is honoured.</summary>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromMinutes(30);
}
