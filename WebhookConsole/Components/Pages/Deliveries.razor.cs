using Microsoft.AspNetCore.Components;
using WebhookConsole.Engine.Delivery;
using WebhookConsole.Engine.Notifications;

namespace WebhookConsole.Components.Pages;

/// <summary>The delivery log, newest first, updating live; older rows load by keyset pages.</summary>
public sealed partial class Deliveries
{
    private const int PageSize = 50;

    private List<DeliverySummary>? deliveries;
    private bool hasMore;

    [Inject]
    public required DeliveryLog DeliveryLog { get; init; }

    protected override async Task LoadAsync()
    {
        // A live refresh keeps as many rows as are shown, so "Load older" pages are not lost.
        var shown = Math.Max(PageSize, deliveries?.Count ?? 0);
        var rows = await DeliveryLog.ListAsync(OrganizationId, limit: shown + 1);
        hasMore = rows.Count > shown;
        deliveries = rows.Take(shown).ToList();
    }

    protected override bool IsRelevant(EngineChange change) =>
        change.Kind is EngineChangeKind.DeliveryCreated or EngineChangeKind.DeliveryRecorded;

    private async Task LoadOlderAsync()
    {
        var rows = await DeliveryLog.ListAsync(OrganizationId, before: deliveries![^1].Cursor, limit: PageSize + 1);
        hasMore = rows.Count > PageSize;
        deliveries.AddRange(rows.Take(PageSize));
    }
}
