using Microsoft.AspNetCore.Components;
using Radzen;
using WebhookConsole.Components.ViewModels;
using WebhookConsole.Engine.Domain;
using WebhookConsole.Engine.Organizations;

namespace WebhookConsole.Components.Controls;

/// <summary>The Portal links section of Settings: create a link (its URL shown once), list and revoke.</summary>
public sealed partial class PortalLinksSection : SettingsSection
{
    private IReadOnlyList<PortalLink>? links;
    private IReadOnlyList<FieldError> errors = [];
    private string? name;
    private string? eventTypes;
    private static readonly IReadOnlyList<Choice<int>> Lifetimes = Choice<int>.Of([1, 7, 30, 90], days => days == 1 ? "1 day" : $"{days} days");
    private int lifetimeDays = 7;
    private bool readOnly;
    private string? createdUrl;
    private string? message;
    private bool busy;

    [Inject]
    public required PortalLinkService Links { get; init; }

    [Inject]
    public required DialogService Dialogs { get; init; }

    [Inject]
    public required NavigationManager Navigation { get; init; }

    [Inject]
    public required TimeProvider Time { get; init; }

    private DateTimeOffset Now => Time.GetUtcNow();

    private bool Enabled => CanChange && !busy && RendererInfo.IsInteractive;

    protected override async Task OnParametersSetAsync() => links = await Links.ListAsync(OrganizationId);

    private async Task CreateAsync()
    {
        if (!CanChange)
        {
            return;
        }

        busy = true;
        try
        {
            var types = (eventTypes ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var created = await Links.CreateAsync(OrganizationId, new PortalLinkInput(name, readOnly, types, TimeSpan.FromDays(lifetimeDays)), OperatorName);
            errors = created.Errors;
            if (created.Succeeded)
            {
                createdUrl = Navigation.ToAbsoluteUri("portal/" + created.Value!.Token).ToString();
                name = eventTypes = null;
                readOnly = false;
                links = await Links.ListAsync(OrganizationId);
            }
        }
        finally
        {
            busy = false;
        }
    }

    private async Task RevokeAsync(PortalLink link)
    {
        if (!CanChange || await Dialogs.Confirm($"Revoke portal link {link.Name}? Whoever opens it from now on is refused.", "Revoke portal link",
                new ConfirmOptions { OkButtonText = "Revoke", CancelButtonText = "Cancel" }) != true)
        {
            return;
        }

        busy = true;
        try
        {
            var revoked = await Links.RevokeAsync(OrganizationId, link.Id);
            message = revoked.Succeeded ? $"Portal link {link.Name} revoked." : string.Join(" ", revoked.Errors.Select(e => e.Message));
            links = await Links.ListAsync(OrganizationId);
        }
        finally
        {
            busy = false;
        }
    }
}
