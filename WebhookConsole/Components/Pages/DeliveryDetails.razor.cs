using Microsoft.AspNetCore.Components;
using WebhookConsole.Engine.Delivery;
using WebhookConsole.Engine.Domain;
using WebhookConsole.Engine.Notifications;
using WebhookConsole.Engine.Scheduling;

namespace WebhookConsole.Components.Pages;

/// <summary>One delivery: its attempts on a timeline and one attempt at a time, the request as sent and the response as received; why it waits while queued; Redeliver.</summary>
public sealed partial class DeliveryDetails
{
    private Engine.Domain.Delivery? delivery;
    private string? waitingReason;
    private string? bodiesRemoved;
    private bool notFound;
    private bool busy;
    private string? message;
    private bool messageIsError;

    [Parameter]
    public Guid Id { get; set; }

    /// <summary>The attempt to show (<c>?attempt=N</c>, so an attempt can be linked); the newest when absent or unknown.</summary>
    [SupplyParameterFromQuery(Name = "attempt")]
    public int? AttemptNumber { get; set; }

    [Inject]
    public required DeliveryLog DeliveryLog { get; init; }

    [Inject]
    public required DeliveryControl DeliveryControl { get; init; }

    [Inject]
    public required DeliveryWaitReason WaitReason { get; init; }

    [Inject]
    public required Engine.Privacy.RetentionSettings Retention { get; init; }

    private Attempt? SelectedAttempt => delivery?.Attempts.FirstOrDefault(a => a.Number == AttemptNumber)
        ?? delivery?.Attempts.OrderBy(a => a.Number).LastOrDefault();

    protected override bool IsNotFound => notFound;

    protected override async Task LoadAsync()
    {
        delivery = await DeliveryLog.GetAsync(OrganizationId, Id);
        notFound = delivery is null;
        waitingReason = delivery is null ? null : await WaitReason.ExplainAsync(delivery);
        bodiesRemoved = delivery switch
        {
            { ErasedAt: { } erased } => $"Erased on {ViewModels.UtcText.Format(erased)} — request and response bodies removed.",
            { BodiesPurgedAt: not null } => $"Body removed after {(int)(await Retention.GetAsync(OrganizationId))!.Bodies.TotalDays} days (retention).",
            _ => null,
        };
    }

    // The delivery itself and, while it waits, its endpoint (another delivery finishing can free a cap or move a FIFO line).
    protected override bool IsRelevant(EngineChange change) => change.DeliveryId == Id
        || (delivery?.Status is DeliveryStatus.Pending or DeliveryStatus.Retrying && change.WebhookId == delivery.WebhookId);

    private async Task RedeliverAsync()
    {
        if (!CanChange)
        {
            return;
        }

        busy = true;
        try
        {
            var result = await DeliveryControl.RedeliverAsync(OrganizationId, Id);
            messageIsError = !result.Succeeded;
            message = result.Succeeded ? "Queued for redelivery with the same ids; the new attempt appears below." : string.Join(" ", result.Errors.Select(e => e.Message));
            await LoadAsync();
        }
        finally
        {
            busy = false;
        }
    }
}
