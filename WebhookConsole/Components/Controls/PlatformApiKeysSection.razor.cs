using Microsoft.AspNetCore.Components;
using Radzen;
using WebhookConsole.Components.Dialogs;
using WebhookConsole.Engine.Domain;
using WebhookConsole.Engine.Security;

namespace WebhookConsole.Components.Controls;

/// <summary>
/// The platform API keys of the hub, on the Organizations page (which only platform operators reach). A new key is kept
/// with <see cref="OrganizationId"/>, the organization the platform operator has open, like the one
/// <c>Bootstrap:PlatformApiKey</c> makes; it works only on <c>/platform/organizations</c>.
/// </summary>
public sealed partial class PlatformApiKeysSection : ComponentBase
{
    private IReadOnlyList<ApiKey>? keys;
    private bool busy;
    private string? message;

    [Parameter, EditorRequired]
    public Guid OrganizationId { get; set; }

    [Inject]
    public required ApiKeyService ApiKeys { get; init; }

    [Inject]
    public required DialogService Dialogs { get; init; }

    protected override async Task OnInitializedAsync() => keys = await ApiKeys.ListPlatformKeysAsync();

    private async Task CreateAsync()
    {
        await Dialogs.OpenAsync<CreateApiKeyDialog>("Create platform API key",
            new Dictionary<string, object?> { [nameof(CreateApiKeyDialog.OrganizationId)] = OrganizationId, [nameof(CreateApiKeyDialog.Platform)] = true },
            new DialogOptions { Width = "560px", CloseDialogOnEsc = true });
        keys = await ApiKeys.ListPlatformKeysAsync();
    }

    private async Task RevokeAsync(ApiKey key)
    {
        var confirmed = await Dialogs.ConfirmAsync(new ConfirmRequest("Revoke platform API key", "Revoke platform API key ", $"{key.Name} (****{key.Hint})",
            "? Programs that manage organizations with it get 401 from now on. This cannot be undone.", "Revoke"));
        if (!confirmed)
        {
            return;
        }

        busy = true;
        try
        {
            var result = await ApiKeys.RevokePlatformKeyAsync(key.Id);
            message = result.Succeeded ? $"Platform API key {key.Name} revoked." : string.Join(" ", result.Errors.Select(e => e.Message));
            keys = await ApiKeys.ListPlatformKeysAsync();
        }
        finally
        {
            busy = false;
        }
    }
}
