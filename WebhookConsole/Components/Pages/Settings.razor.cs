using Microsoft.AspNetCore.Components;
using Radzen;
using WebhookConsole.Components.Dialogs;
using WebhookConsole.Engine.Domain;
using WebhookConsole.Engine.Notifications;
using WebhookConsole.Engine.Security;

namespace WebhookConsole.Components.Pages;

/// <summary>Settings: the organization's REST API keys (create, shown once; revoke behind a confirmation).</summary>
public sealed partial class Settings
{
    private IReadOnlyList<ApiKey>? keys;
    private bool busy;
    private string? message;

    [Inject]
    public required ApiKeyService ApiKeys { get; init; }

    [Inject]
    public required DialogService Dialogs { get; init; }

    protected override async Task LoadAsync() => keys = await ApiKeys.ListAsync(OrganizationId);

    // Keys change only through this page, which reloads after each command.
    protected override bool IsRelevant(EngineChange change) => false;


    private async Task CreateAsync()
    {
        if (!CanChange)
        {
            return;
        }

        await Dialogs.OpenAsync<CreateApiKeyDialog>("Create API key",
            new Dictionary<string, object?> { [nameof(CreateApiKeyDialog.OrganizationId)] = OrganizationId },
            new DialogOptions { Width = "560px", CloseDialogOnEsc = true });
        // Reloaded however the dialog closed: a key created and then dismissed with Esc is still listed.
        await LoadAsync();
    }

    private async Task RevokeAsync(ApiKey key)
    {
        if (!CanChange)
        {
            return;
        }

        var confirmed = await Dialogs.ConfirmAsync(new ConfirmRequest("Revoke API key", "Revoke API key ", $"{key.Name} (****{key.Hint})",
            "? Programs that use it get 401 from now on. This cannot be undone.", "Revoke"));
        if (!confirmed)
        {
            return;
        }

        busy = true;
        try
        {
            var result = await ApiKeys.RevokeAsync(OrganizationId, key.Id);
            message = result.Succeeded ? $"API key {key.Name} revoked." : string.Join(" ", result.Errors.Select(e => e.Message));
            await LoadAsync();
        }
        finally
        {
            busy = false;
        }
    }
}
