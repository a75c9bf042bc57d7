namespace WebhookConsole.Engine.Domain;

/// <summary>
/// One subject an event mentions (a person id, an email, a phone number), kept as a keyed hash beside the event so
/// an erasure finds the person's events through an index instead of reading every payload. The subject itself is
/// never stored here: the hash is an HMAC under a key derived from the master key (<see cref="Privacy.SubjectKeys"/>).
/// </summary>
public sealed class EventSubject
{
    public const int HashLength = 16;

    public Guid OrganizationId { get; set; }

    /// <summary>HMAC-SHA256 of the subject's value, its first <see cref="HashLength"/> bytes.</summary>
    public required byte[] SubjectHash { get; set; }

    public Guid EventId { get; set; }
}
