namespace WebhookConsole.Engine.Domain;

/// <summary>A key that authenticates automation on the REST API. Only its SHA-256 hash is stored.</summary>
public sealed class ApiKey
{
    public Guid Id { get; set; }

    public Guid OrganizationId { get; set; }

    public required string Name { get; set; }

    /// <summary>Lowercase hex SHA-256 of the key.</summary>
    public required string Hash { get; set; }

    /// <summary>The last four characters, to tell keys apart in lists.</summary>
    public required string Hint { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }
}
