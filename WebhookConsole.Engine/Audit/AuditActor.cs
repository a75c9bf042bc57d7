namespace WebhookConsole.Engine.Audit;

/// <summary>Who made a change, by kind, id and name, and from which address.</summary>
public sealed record AuditActor(string Type, string? Id, string Name, string? Address)
{
    public const string OperatorType = "operator";
    public const string ApiKeyType = "api_key";
    public const string PlatformApiKeyType = "platform_api_key";
    public const string PortalLinkType = "portal_link";
    public const string SystemType = "system";
    public const string AnonymousType = "anonymous";

    /// <summary>The hub itself (start-up, maintenance jobs, or a caller that set no actor).</summary>
    public static readonly AuditActor System = new(SystemType, null, "system", null);

    public static AuditActor Operator(string id, string email, string? address) => new(OperatorType, id, email, address);

    public static AuditActor ApiKey(Guid id, string name, string? address) => new(ApiKeyType, id.ToString(), name, address);

    public static AuditActor PlatformApiKey(Guid id, string name, string? address) => new(PlatformApiKeyType, id.ToString(), name, address);

    public static AuditActor PortalLink(Guid id, string name, string? address) => new(PortalLinkType, id.ToString(), name, address);

    public static AuditActor Anonymous(string name, string? address) => new(AnonymousType, null, name, address);
}

/// <summary>
/// The actor of the current call, for the engine's singleton services: the API's key filter, the platform filter, the
/// console's circuit and the portal set it around the work they start (an <see cref="AsyncLocal{T}"/>, so it follows
/// the call's awaits and nothing else); <see cref="AuditActor.System"/> when nobody did.
/// </summary>
public sealed class AuditActors
{
    private readonly AsyncLocal<AuditActor?> _current = new();

    public AuditActor Current => _current.Value ?? AuditActor.System;

    /// <summary>Makes <paramref name="actor"/> current until the result is disposed (then the previous one again).</summary>
    public IDisposable Use(AuditActor actor)
    {
        var previous = _current.Value;
        _current.Value = actor;
        return new Restore(this, previous);
    }

    private sealed class Restore(AuditActors actors, AuditActor? previous) : IDisposable
    {
        public void Dispose() => actors._current.Value = previous;
    }
}
