using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.JSInterop;
using WebhookConsole.Engine.Domain;
using WebhookConsole.Engine.Webhooks;
using WebhookConsole.Hosting;

namespace WebhookConsole.Components.Controls;

/// <summary>
/// The Add / Edit webhook form. Its state and the engine calls live in <see cref="WebhookFormModel"/>; the engine's
/// validators (the API's rules and words) judge the input and each message appears under its field.
/// </summary>
public sealed partial class WebhookForm
{
    private static readonly HashSet<string> FieldsShownInline =
        [
            "name", "description", TargetUrl.Field, WebhookSecrets.Field, CustomHeaders.Field, WebhookTimeout.Field, WebhookFormModel.SubscriptionsField,
            DeliverySettings.MaxInFlightField, DeliverySettings.RateLimitField, DeliverySettings.OrderingField,
        ];

    private const string FormId = "webhook-form";

    private bool busy;
    private bool showFirstError;

    [Inject]
    public required WebhookService Webhooks { get; init; }

    [Inject]
    public required IJSRuntime JS { get; init; }

    [CascadingParameter]
    public Task<AuthenticationState>? AuthenticationState { get; set; }

    [Parameter, EditorRequired]
    public Guid OrganizationId { get; set; }

    /// <summary>The form's state: a new <see cref="WebhookFormModel"/> to add, or one built from a webhook to edit.</summary>
    [Parameter]
    public WebhookFormModel Model { get; set; } = new();

    /// <summary>Raised with the new webhook and its secret in clear (to show once).</summary>
    [Parameter]
    public EventCallback<CreatedWebhook> OnCreated { get; set; }

    /// <summary>Raised when an edit was saved completely.</summary>
    [Parameter]
    public EventCallback OnSaved { get; set; }

    /// <summary>Raised by Cancel (shown when set): the dialog closes without saving.</summary>
    [Parameter]
    public EventCallback OnCancel { get; set; }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        // A refused form scrolls to its first field in error, which may be far above the Create button in a long dialog.
        if (showFirstError)
        {
            showFirstError = false;
            await JS.InvokeVoidAsync("webhookConsole.focusFirstInvalid", "#" + FormId);
        }
    }

    private string FormatHelp => Model.Format switch
    {
        WebhookFormat.WebSub => "websub: signed with x-hub-signature; the endpoint confirms each channel (verification of intent) when switched on.",
        WebhookFormat.Jwt => "jwt: the body is an ES256 JWT verified with the organization's published keys; no secret. Active at once.",
        _ => "standard: Standard Webhooks v1 signatures (webhook-signature). Active at once.",
    };

    private async Task SubmitAsync()
    {
        // The dialogs only open for an admin; this refuses a viewer's circuit that reaches the form anyway.
        if (AuthenticationState is null || !(await AuthenticationState).User.CanChange())
        {
            Model.Refuse(new FieldError("role", OperatorRoles.ViewerRefused));
            return;
        }

        busy = true;
        try
        {
            if (!Model.IsEdit)
            {
                if (await Model.CreateAsync(Webhooks, OrganizationId) is { } created)
                {
                    await OnCreated.InvokeAsync(created);
                }
            }
            else if (await Model.SaveAsync(Webhooks, OrganizationId))
            {
                await OnSaved.InvokeAsync();
            }
        }
        finally
        {
            busy = false;
            showFirstError = Model.Errors.Count > 0;
        }
    }
}
