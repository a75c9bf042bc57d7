namespace WebhookConsole.Engine.Domain;

/// <summary>One XML element of the Data Protection key ring, kept in the database so every node shares it.</summary>
public sealed class DataProtectionKey
{
    public long Id { get; set; }

    public string? FriendlyName { get; set; }

    public required string Xml { get; set; }
}
