using Microsoft.AspNetCore.Components;
using Radzen;
using WebhookConsole.Components.Dialogs;
using WebhookConsole.Engine.Domain;
using WebhookConsole.Engine.Notifications;
using WebhookConsole.Engine.Webhooks;

namespace WebhookConsole.Components.Pages;

/// <summary>The home page: the organization's webhooks and the Add webhook dialog.</summary>
public sealed partial class Webhooks
{
    private IReadOnlyList<Webhook>? webhooks;

    [Inject]
    public required WebhookService WebhookService { get; init; }

    [Inject]
    public required DialogService Dialogs { get; init; }

    [Inject]
    public required NavigationManager Navigation { get; init; }

    protected override async Task LoadAsync() => webhooks = await WebhookService.ListAsync(OrganizationId);

    protected override bool IsRelevant(EngineChange change) =>
        change.Kind is EngineChangeKind.WebhookChanged or EngineChangeKind.VerificationFinished;

    private async Task AddAsync()
    {
        if (!CanChange)
        {
            return;
        }

        var result = await Dialogs.OpenAsync<AddWebhookDialog>("Add webhook",
            new Dictionary<string, object?> { [nameof(AddWebhookDialog.OrganizationId)] = OrganizationId },
            new DialogOptions { Width = "640px", CloseDialogOnEsc = true });
        if (result is Guid id)
        {
            Navigation.NavigateTo($"webhooks/{id}");
        }
    }

    private void Open(Webhook webhook) => Navigation.NavigateTo($"webhooks/{webhook.Id}");
}
