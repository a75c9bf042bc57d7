using Microsoft.AspNetCore.Components;
using WebhookConsole.Components.ViewModels;
using WebhookConsole.Engine.Delivery;
using WebhookConsole.Engine.Domain;
using WebhookConsole.Engine.Notifications;
using WebhookConsole.Engine.Webhooks;

namespace WebhookConsole.Components.Pages;

/// <summary>
/// The delivery log, newest first, updating live; filtered by the URL query (<see cref="DeliveryFilterQuery"/>),
/// older rows load by keyset pages.
/// </summary>
public sealed partial class Deliveries
{
    private const int PageSize = 50;

    private List<DeliverySummary>? deliveries;
    private DeliveryCursor? next;
    private DeliveryFilterQuery query = new();
    private IReadOnlyList<Webhook> webhooks = [];

    [Inject]
    public required DeliveryLog DeliveryLog { get; init; }

    [Inject]
    public required WebhookService WebhookService { get; init; }

    [Inject]
    public required NavigationManager Navigation { get; init; }

    [SupplyParameterFromQuery(Name = "webhook")]
    public string? WebhookParameter { get; set; }

    [SupplyParameterFromQuery(Name = "status")]
    public string? StatusParameter { get; set; }

    [SupplyParameterFromQuery(Name = "event")]
    public string? EventParameter { get; set; }

    [SupplyParameterFromQuery(Name = "since")]
    public string? SinceParameter { get; set; }

    [SupplyParameterFromQuery(Name = "until")]
    public string? UntilParameter { get; set; }

    [SupplyParameterFromQuery(Name = "test")]
    public string? TestParameter { get; set; }

    private string EmptyText => query.IsEmpty
        ? "No deliveries yet. They appear here, newest first, as events reach active webhooks."
        : "No deliveries match these filters.";

    protected override async Task OnInitializedAsync()
    {
        query = QueryFromUrl();
        await base.OnInitializedAsync();
    }

    protected override async Task OnParametersSetAsync()
    {
        // Back and forward in the browser change the query without a click on a filter.
        var fromUrl = QueryFromUrl();
        if (deliveries is not null && fromUrl != query)
        {
            query = fromUrl;
            deliveries = null;
            await LoadAsync();
        }
    }

    protected override async Task LoadAsync()
    {
        webhooks = await WebhookService.ListAsync(OrganizationId);

        // A live refresh keeps as many rows as are shown, so "Load older" pages are not lost.
        var page = await DeliveryLog.ListPageAsync(OrganizationId, query.ToFilter(), null, Math.Max(PageSize, deliveries?.Count ?? 0));
        deliveries = page.Items.ToList();
        next = page.Next;
    }

    protected override bool IsRelevant(EngineChange change) =>
        change.Kind is EngineChangeKind.DeliveryCreated or EngineChangeKind.DeliveryRecorded;

    private async Task ApplyAsync(DeliveryFilterQuery changed)
    {
        query = changed;
        deliveries = null;
        await LoadAsync();
        Navigation.NavigateTo(Navigation.GetUriWithQueryParameters(query.ToQuery()));
    }

    private async Task LoadOlderAsync()
    {
        var page = await DeliveryLog.ListPageAsync(OrganizationId, query.ToFilter(), next, PageSize);
        deliveries!.AddRange(page.Items);
        next = page.Next;
    }

    private DeliveryFilterQuery QueryFromUrl() =>
        DeliveryFilterQuery.Parse(WebhookParameter, StatusParameter, EventParameter, SinceParameter, UntilParameter, TestParameter);
}
