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

    /// <summary>
    /// <c>admin</c> (the default) may change anything the API offers; <c>viewer</c> may only read (GET), as the
    /// console's viewer role. A read-only key suits dashboards and audits.
    /// </summary>
    public string Role { get; set; } = ApiKeyRoles.Admin;

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }
}

/// <summary>The roles of an API key, the same words as the console's operator roles.</summary>
public static class ApiKeyRoles
{
    public const string Admin = "admin";
    public const string Viewer = "viewer";

    /// <summary>Manages the hub's organizations through <c>/platform/organizations</c>, and nothing else.</summary>
    public const string Platform = "platform";

    /// <summary>The roles of an organization's key.</summary>
    public static bool IsKnown(string? role) => role is Admin or Viewer;
}
