namespace WebhookConsole.Engine.Privacy;

/// <summary>What one erasure by subject did.</summary>
/// <param name="Events">Events whose payload (and sync hook result) was removed.</param>
/// <param name="Deliveries">Their deliveries, kept with status, times and ids and marked erased.</param>
/// <param name="Attempts">Attempts whose request and response bodies were removed.</param>
/// <param name="Cancelled">Deliveries that had not been sent yet (pending, retrying or in flight) and never will be.</param>
/// <param name="Lookup"><c>index</c> (the subject index found the events) or <c>scan</c> (every event of the organization was read).</param>
public sealed record ErasureReport(int Events, int Deliveries, int Attempts, int Cancelled, DateTimeOffset ErasedAt, TimeSpan Duration, string Lookup);
