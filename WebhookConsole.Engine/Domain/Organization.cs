namespace WebhookConsole.Engine.Domain;

/// <summary>A tenant: owns webhooks, API keys and signing keys.</summary>
public sealed class Organization
{
    public Guid Id { get; set; }

    /// <summary>The "root organization domain" that starts every WebSub topic (Asgardeo's WebSub guide).</summary>
    public required string Handle { get; set; }

    public required string Name { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}
