using Microsoft.AspNetCore.Components;
using Radzen;
using WebhookConsole.Components.Dialogs;
using WebhookConsole.Engine.Catalog;
using WebhookConsole.Engine.Delivery;
using WebhookConsole.Engine.Domain;
using WebhookConsole.Engine.Notifications;
using WebhookConsole.Engine.Scheduling;
using WebhookConsole.Engine.Webhooks;
using WebhookConsole.Hosting;

namespace WebhookConsole.Components.Pages;

/// <summary>
/// One webhook: the Active switch (WebSub verification of intent runs in the background and this page
/// updates when it finishes), its delivery settings and circuit, per-channel verification badges, resend, test event,
/// recent deliveries, delete.
/// </summary>
public sealed partial class WebhookDetails
{
    private Webhook? webhook;
    private EndpointCircuit circuit = EndpointCircuit.Closed;
    private IReadOnlyList<EventChannel> channels = [];
    private IReadOnlyList<string> headerNames = [];
    private bool switchingOn;
    private IReadOnlyList<DeliverySummary> recentDeliveries = [];
    private IReadOnlyList<WebhookMinute> activity = [];
    private bool notFound;
    private bool busy;
    private string? message;
    private bool messageIsError;
    private bool messageLastsUntilSettled;

    [Parameter]
    public Guid Id { get; set; }

    [Inject]
    public required WebhookService WebhookService { get; init; }

    [Inject]
    public required DeliveryLog DeliveryLog { get; init; }

    [Inject]
    public required WebhookActivity WebhookActivity { get; init; }

    [Inject]
    public required CircuitReader Circuits { get; init; }

    [Inject]
    public required DialogService Dialogs { get; init; }

    [Inject]
    public required NavigationManager Navigation { get; init; }

    private bool CanDelete => webhook?.Status is WebhookStatus.Inactive or WebhookStatus.Disabled;

    protected override bool IsNotFound => notFound;

    protected override async Task LoadAsync()
    {
        webhook = await WebhookService.GetAsync(OrganizationId, Id);
        notFound = webhook is null;
        channels = webhook is null ? [] : WebhookService.ChannelsOf(webhook);
        headerNames = webhook is null ? [] : WebhookService.CustomHeaderNamesOf(webhook);
        circuit = webhook is null ? EndpointCircuit.Closed : await Circuits.GetAsync(Id);
        recentDeliveries = webhook is null ? [] : await DeliveryLog.ListAsync(OrganizationId, Id, limit: 10);
        activity = webhook is null ? [] : await WebhookActivity.PerMinuteAsync(OrganizationId, Id, TimeSpan.FromHours(1));
        if (messageLastsUntilSettled && webhook?.Status is not (WebhookStatus.Activating or WebhookStatus.Deactivating))
        {
            // "Verifying…" is true only while verification runs; the badges say how it ended, and a switch that flipped
            // back says why in words too.
            message = null;
            messageLastsUntilSettled = false;
            if (switchingOn && webhook?.Status is not WebhookStatus.Active)
            {
                var reasons = webhook!.Verifications.Where(v => v.Error is not null).Select(v => $"{v.Channel}: {v.Error}");
                ShowResult([new FieldError("verification", $"The endpoint did not confirm every channel, so the webhook stays off. {string.Join("; ", reasons)}".TrimEnd())], "");
            }

            switchingOn = false;
        }
    }

    protected override bool IsRelevant(EngineChange change) => change.WebhookId == Id;

    private bool CanResend(bool subscribe) => webhook!.Verifications.Any(v =>
        v.State.IsSubscribe() == subscribe && v.State is VerificationState.SubscriptionError or VerificationState.UnsubscriptionError);

    private Task SetActiveAsync(bool active)
    {
        switchingOn = active;
        return SetActiveCoreAsync(active);
    }

    private Task SetActiveCoreAsync(bool active) => RunAsync(() => WebhookService.SetActiveAsync(OrganizationId, Id, active),
        active ? "Verifying the endpoint for each channel…" : "Unsubscribing the endpoint from each channel…", untilSettled: true);

    private Task ResendAsync() => RunAsync(() => WebhookService.ResendVerificationAsync(OrganizationId, Id), "Sending the verification requests again…", untilSettled: true);

    private async Task SendTestEventAsync()
    {
        if (RefusedToViewer())
        {
            return;
        }

        var sent = await OpenDialogAsync<SendTestEventDialog>("Send test event", "720px", new()
        {
            [nameof(SendTestEventDialog.OrganizationId)] = OrganizationId,
            [nameof(SendTestEventDialog.Webhook)] = webhook,
        });
        if (sent is string eventName)
        {
            ShowResult([], $"Test {eventName} event sent; it appears below when delivered.");
        }

        await LoadAsync();
    }

    private async Task EditAsync()
    {
        if (RefusedToViewer())
        {
            return;
        }

        var saved = await OpenDialogAsync<EditWebhookDialog>($"Edit {webhook!.Name}", "760px", new()
        {
            [nameof(EditWebhookDialog.OrganizationId)] = OrganizationId,
            [nameof(EditWebhookDialog.Webhook)] = webhook,
        });
        if (saved is true)
        {
            ShowResult([], "Webhook saved.");
        }

        await LoadAsync();
    }

    private async Task RotateSecretAsync()
    {
        if (RefusedToViewer())
        {
            return;
        }

        var rotated = await OpenDialogAsync<RotateSecretDialog>("Rotate secret", "560px", new()
        {
            [nameof(RotateSecretDialog.OrganizationId)] = OrganizationId,
            [nameof(RotateSecretDialog.WebhookId)] = Id,
            [nameof(RotateSecretDialog.Format)] = webhook!.Format,
        });
        if (rotated is true)
        {
            ShowResult([], "Secret rotated. New deliveries are signed with the new secret.");
        }

        await LoadAsync();
    }

    private async Task RecoverAsync()
    {
        if (RefusedToViewer())
        {
            return;
        }

        var requeued = await OpenDialogAsync<RecoverDialog>("Recover failed deliveries", "520px", new()
        {
            [nameof(RecoverDialog.OrganizationId)] = OrganizationId,
            [nameof(RecoverDialog.WebhookId)] = Id,
        });
        if (requeued is int count)
        {
            ShowResult([], count == 0 ? "No failed deliveries since then: nothing to recover." : $"Requeued {count} failed {(count == 1 ? "delivery" : "deliveries")}.");
        }
    }

    private async Task DeleteAsync()
    {
        if (RefusedToViewer())
        {
            return;
        }

        var confirmed = await Dialogs.ConfirmAsync(new ConfirmRequest("Delete webhook", "Delete webhook ", webhook!.Name, " and its delivery log? This cannot be undone.", "Delete"));
        if (!confirmed)
        {
            return;
        }

        var result = await WebhookService.DeleteAsync(OrganizationId, Id);
        if (result.Succeeded)
        {
            Navigation.NavigateTo("");
            return;
        }

        ShowResult(result.Errors, "");
    }

    private async Task RunAsync<T>(Func<Task<CommandResult<T>>> command, string success, bool untilSettled = false)
    {
        if (RefusedToViewer())
        {
            return;
        }

        busy = true;
        try
        {
            var result = await command();
            ShowResult(result.Errors, success);
            messageLastsUntilSettled = untilSettled && result.Succeeded;
            await LoadAsync();
        }
        finally
        {
            busy = false;
        }
    }

    // Viewers see every command disabled; a circuit that calls one anyway gets the refusal, and nothing changes.
    private bool RefusedToViewer()
    {
        if (CanChange)
        {
            return false;
        }

        ShowResult([new FieldError("role", OperatorRoles.ViewerRefused)], "");
        return true;
    }

    private Task<dynamic?> OpenDialogAsync<TDialog>(string title, string width, Dictionary<string, object?> parameters)
        where TDialog : ComponentBase =>
        Dialogs.OpenAsync<TDialog>(title, parameters, new DialogOptions { Width = width, CloseDialogOnEsc = true });

    private void ShowResult(IReadOnlyList<FieldError> errors, string success)
    {
        messageIsError = errors.Count > 0;
        message = messageIsError ? string.Join(" ", errors.Select(e => e.Message)) : success;
    }
}
