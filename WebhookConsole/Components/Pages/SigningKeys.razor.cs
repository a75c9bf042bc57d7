using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Options;
using Radzen;
using WebhookConsole.Components.Dialogs;
using WebhookConsole.Engine.Configuration;
using WebhookConsole.Engine.Domain;
using WebhookConsole.Engine.Maintenance;
using WebhookConsole.Engine.Notifications;
using WebhookConsole.Engine.Signing;

namespace WebhookConsole.Components.Pages;

/// <summary>The organization's JWKS as published, each key's state and times, and Rotate behind a confirmation.</summary>
public sealed partial class SigningKeys
{
    private IReadOnlyList<SigningKey>? keys;
    private bool busy;
    private string? message;

    [Inject]
    public required SigningKeyService SigningKeyService { get; init; }

    [Inject]
    public required IOptionsMonitor<SigningOptions> SigningOptions { get; init; }

    [Inject]
    public required DialogService Dialogs { get; init; }

    private TimeSpan RetiredKeyOverlap => SigningOptions.CurrentValue.RetiredKeyOverlap;

    protected override async Task LoadAsync() => keys = await SigningKeyService.GetPublishedAsync(OrganizationId);

    // Rotation is the only change and this page reloads after it; no engine change concerns it.
    protected override bool IsRelevant(EngineChange change) => false;


    private static BadgeStyle StateStyle(SigningKeyState state) => state switch
    {
        SigningKeyState.Current => BadgeStyle.Success,
        SigningKeyState.Next => BadgeStyle.Info,
        _ => BadgeStyle.Base,
    };

    private async Task RotateAsync()
    {
        if (!CanChange)
        {
            return;
        }

        var confirmed = await Dialogs.ConfirmAsync(new ConfirmRequest("Rotate signing key", "The ", "next key", " starts signing jwt deliveries now, " +
            $"a new next key is published, and the current key is retired (still published for {DurationText.Describe(RetiredKeyOverlap)}).", "Rotate", Destructive: false));
        if (!confirmed)
        {
            return;
        }

        busy = true;
        try
        {
            var before = keys?.SingleOrDefault(k => k.State == SigningKeyState.Next)?.Kid;
            await SigningKeyService.RotateAsync(OrganizationId);
            await LoadAsync();
            message = $"Rotated: key {before} now signs.";
        }
        finally
        {
            busy = false;
        }
    }
}
