using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Options;
using WebhookConsole.Engine.Audit;
using WebhookConsole.Engine.Catalog;
using WebhookConsole.Engine.Configuration;
using WebhookConsole.Engine.Delivery;
using WebhookConsole.Engine.Domain;
using WebhookConsole.Engine.Organizations;
using WebhookConsole.Engine.Webhooks;

namespace WebhookConsole.Components.Portal;

/// <summary>
/// The tenant portal at <c>/portal/{token}</c>: one organization's webhooks, deliveries (redeliver), test events, secret
/// rotation and the event catalog, for the tenant's developers, without an operator account. The token is resolved on
/// every load and before every command, so an expired or revoked link stops working at once (403). A read-only link
/// shows and changes nothing; a link limited to event types shows only their deliveries and catalog entries.
/// </summary>
public sealed partial class Portal
{
    private bool valid = true;
    private bool readOnly;
    private Organization? organization;
    private IReadOnlyList<string> allowedTypes = [];
    private IReadOnlyList<Webhook> webhooks = [];
    private IReadOnlyList<DeliverySummary> deliveries = [];
    private IReadOnlyList<EventType> catalog = [];
    private bool busy;
    private string? message;
    private bool messageIsError;
    private string? rotatedSecret;
    private string? rotatedFor;

    [Parameter]
    public string Token { get; set; } = "";

    [CascadingParameter]
    private HttpContext? HttpContext { get; set; }

    [Inject]
    public required PortalLinkService Links { get; init; }

    [Inject]
    public required WebhookService WebhookService { get; init; }

    [Inject]
    public required DeliveryLog DeliveryLog { get; init; }

    [Inject]
    public required DeliveryControl DeliveryControl { get; init; }

    [Inject]
    public required IOptionsMonitor<SigningOptions> Signing { get; init; }

    [Inject]
    public required AuditActors Actors { get; init; }

    protected override async Task OnParametersSetAsync()
    {
        if (!await LoadAsync() && HttpContext is { Response.HasStarted: false })
        {
            HttpContext.Response.StatusCode = StatusCodes.Status403Forbidden;
        }
    }

    /// <summary>Resolves the link again and loads what it shows; false when it no longer opens anything.</summary>
    private async Task<bool> LoadAsync()
    {
        var resolved = await Links.ResolveAsync(Token);
        valid = resolved is not null;
        if (resolved is not { } found)
        {
            organization = null;
            return false;
        }

        organization = found.Organization;
        readOnly = found.Link.ReadOnly;
        allowedTypes = found.Link.EventTypeList;
        webhooks = await WebhookService.ListAsync(organization.Id);
        deliveries = [.. (await DeliveryLog.ListAsync(organization.Id, limit: 100)).Where(d => Shows(d.EventName))];
        catalog = [.. EventCatalog.EventTypes.Where(t => Shows(t.Name))];
        return true;
    }

    private bool Shows(string eventName) => allowedTypes.Count == 0 || allowedTypes.Contains(eventName);

    private async Task RedeliverAsync(DeliverySummary delivery) => await RunAsync(async organizationId =>
    {
        if (!deliveries.Any(d => d.Id == delivery.Id))
        {
            return "This delivery is not shown by this portal link.";
        }

        var result = await DeliveryControl.RedeliverAsync(organizationId, delivery.Id);
        return result.Succeeded ? null : string.Join(" ", result.Errors.Select(e => e.Message));
    }, $"Queued {delivery.EventName} for redelivery to {delivery.WebhookName}.");

    private async Task SendTestEventAsync(Webhook webhook) => await RunAsync(async organizationId =>
    {
        var result = await WebhookService.SendTestEventAsync(organizationId, webhook.Id, allowedTypes.FirstOrDefault());
        return result.Succeeded ? null : string.Join(" ", result.Errors.Select(e => e.Message));
    }, $"A test event is on its way to {webhook.Name}.");

    private async Task RotateSecretAsync(Webhook webhook) => await RunAsync(async organizationId =>
    {
        var result = await WebhookService.RotateSecretAsync(organizationId, webhook.Id, null, Signing.CurrentValue.SecretRotationGrace);
        if (!result.Succeeded)
        {
            return string.Join(" ", result.Errors.Select(e => e.Message));
        }

        rotatedSecret = result.Value;
        rotatedFor = webhook.Name;
        return null;
    }, $"The secret of {webhook.Name} was rotated; the old one keeps working during the grace period where the format allows two signatures.");

    // Each command checks the link first: revoked or expired since the page opened means nothing happens.
    private async Task RunAsync(Func<Guid, Task<string?>> command, string success)
    {
        busy = true;
        try
        {
            var resolved = await Links.ResolveAsync(Token);
            if (resolved is not { } found)
            {
                valid = false;
                return;
            }

            if (found.Link.ReadOnly)
            {
                (message, messageIsError) = ("This portal link is read-only.", true);
                return;
            }

            // The link is the actor of what it changes, from the address of the circuit (AuditCircuitHandler).
            string? error;
            using (Actors.Use(AuditActor.PortalLink(found.Link.Id, found.Link.Name, Actors.Current.Address)))
            {
                error = await command(found.Organization.Id);
            }

            (message, messageIsError) = (error ?? success, error is not null);
            await LoadAsync();
        }
        finally
        {
            busy = false;
        }
    }
}
