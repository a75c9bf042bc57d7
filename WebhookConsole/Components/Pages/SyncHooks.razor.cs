using Microsoft.AspNetCore.Components;
using WebhookConsole.Engine.Delivery;
using WebhookConsole.Engine.Notifications;

namespace WebhookConsole.Components.Pages;

/// <summary>Recent sync hook calls, newest first, updating as new calls are recorded.</summary>
public sealed partial class SyncHooks
{
    private IReadOnlyList<SyncHookInvocation>? invocations;

    [Inject]
    public required SyncHookLog Log { get; init; }

    protected override async Task LoadAsync() => invocations = await Log.ListAsync(OrganizationId);

    // The invoker records each called webhook's delivery when the call ends.
    protected override bool IsRelevant(EngineChange change) => change.Kind == EngineChangeKind.DeliveryRecorded;
}
