using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using WebhookConsole.Engine.Domain;
using WebhookConsole.Engine.Webhooks;
using WebhookConsole.Hosting;

namespace WebhookConsole.Components.Controls;

/// <summary>
/// The Add webhook form: name, endpoint, optional secret and the channels to subscribe. It validates with
/// the engine's <see cref="WebhookValidator"/> (the API's rules and words) and shows each message under its field.
/// </summary>
public sealed partial class WebhookForm
{
    private static readonly HashSet<string> FieldsShownInline = ["name", "target_url", "secret", "channels"];

    private IReadOnlyList<FieldError> errors = [];
    private bool busy;

    [Inject]
    public required WebhookService Webhooks { get; init; }

    [CascadingParameter]
    public Task<AuthenticationState>? AuthenticationState { get; set; }

    [Parameter, EditorRequired]
    public Guid OrganizationId { get; set; }

    /// <summary>Raised with the new webhook and its secret in clear (to show once).</summary>
    [Parameter]
    public EventCallback<CreatedWebhook> OnCreated { get; set; }

    public WebhookInput Input { get; } = new() { Format = WebhookFormat.WebSub };

    private void Toggle(string slug, bool selected)
    {
        Input.Channels!.Remove(slug);
        if (selected)
        {
            Input.Channels!.Add(slug);
        }
    }

    private async Task SubmitAsync()
    {
        // The dialog only opens for an admin; this refuses a viewer's circuit that reaches the form anyway.
        if (AuthenticationState is null || !(await AuthenticationState).User.CanChange())
        {
            errors = [new FieldError("role", OperatorRoles.ViewerRefused)];
            return;
        }

        busy = true;
        try
        {
            var result = await Webhooks.CreateAsync(OrganizationId, Input);
            errors = result.Errors;
            if (result.Succeeded)
            {
                await OnCreated.InvokeAsync(result.Value!);
            }
        }
        finally
        {
            busy = false;
        }
    }
}
