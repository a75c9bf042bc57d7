using Microsoft.AspNetCore.Components;
using Radzen;
using WebhookConsole.Components.Dialogs;
using WebhookConsole.Components.ViewModels;
using WebhookConsole.Engine.Domain;
using WebhookConsole.Engine.Notifications;
using WebhookConsole.Engine.Webhooks;

namespace WebhookConsole.Components.Pages;

/// <summary>The home page: the organization's webhooks (searchable, filtered by status and format) and the Add webhook dialog.</summary>
public sealed partial class Webhooks
{
    private IReadOnlyList<WebhookOverviewRow>? rows;
    private string search = "";
    private WebhookStatus? status;
    private WebhookFormat? format;

    [Inject]
    public required WebhookOverview Overview { get; init; }

    [Inject]
    public required DialogService Dialogs { get; init; }

    [Inject]
    public required NavigationManager Navigation { get; init; }

    private bool IsFiltered => search.Length > 0 || status is not null || format is not null;

    private static readonly IReadOnlyList<Choice<WebhookStatus?>> StatusChoices =
        Choice<WebhookStatus?>.Of(Enum.GetValues<WebhookStatus>().Cast<WebhookStatus?>(), s => s!.Value.ToWord());

    private static readonly IReadOnlyList<Choice<WebhookFormat?>> FormatChoices =
        Choice<WebhookFormat?>.Of(Enum.GetValues<WebhookFormat>().Cast<WebhookFormat?>(), f => f!.Value.ToWire());

    protected override async Task LoadAsync() =>
        rows = await Overview.ListAsync(OrganizationId, new WebhookOverviewFilter(search, status, format));

    protected override bool IsRelevant(EngineChange change) =>
        change.Kind is EngineChangeKind.WebhookChanged or EngineChangeKind.VerificationFinished or EngineChangeKind.DeliveryRecorded;

    private async Task SearchAsync(ChangeEventArgs e)
    {
        search = e.Value as string ?? "";
        await LoadAsync();
    }

    private async Task FilterAsync(WebhookStatus? newStatus, WebhookFormat? newFormat)
    {
        status = newStatus;
        format = newFormat;
        await LoadAsync();
    }

    private async Task AddAsync()
    {
        if (!CanChange)
        {
            return;
        }

        var result = await Dialogs.OpenAsync<AddWebhookDialog>("Add webhook",
            new Dictionary<string, object?> { [nameof(AddWebhookDialog.OrganizationId)] = OrganizationId },
            new DialogOptions { Width = "760px", CloseDialogOnEsc = true });
        if (result is Guid id)
        {
            Navigation.NavigateTo($"webhooks/{id}");
        }
    }

    private void Open(WebhookOverviewRow row) => Navigation.NavigateTo($"webhooks/{row.Id}");
}
