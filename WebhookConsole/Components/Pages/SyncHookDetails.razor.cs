using Microsoft.AspNetCore.Components;
using WebhookConsole.Engine.Delivery;
using WebhookConsole.Engine.Notifications;

namespace WebhookConsole.Components.Pages;

/// <summary>One sync hook call: its merged result or failure, and each called webhook's attempts.</summary>
public sealed partial class SyncHookDetails
{
    private SyncHookInvocationDetails? details;
    private bool notFound;

    [Parameter]
    public Guid Id { get; set; }

    [Inject]
    public required SyncHookLog Log { get; init; }

    protected override bool IsNotFound => notFound;

    protected override async Task LoadAsync()
    {
        details = await Log.GetAsync(OrganizationId, Id);
        notFound = details is null;
    }

    // A recorded call does not change afterwards except by a redelivery of one of its deliveries.
    protected override bool IsRelevant(EngineChange change) =>
        change.Kind == EngineChangeKind.DeliveryRecorded && details?.Calls.Any(c => c.Id == change.DeliveryId) == true;
}
