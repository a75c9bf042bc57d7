namespace WebhookConsole.Engine.Catalog;

/// <summary>
/// A group of event types that the console subscribes as a whole (Asgardeo's "events to subscribe").
/// <paramref name="Slug"/> is the last segment of the WebSub topic (Asgardeo's WebSub guide).
/// </summary>
public sealed record EventChannel(string Slug, string Name, string Description);
