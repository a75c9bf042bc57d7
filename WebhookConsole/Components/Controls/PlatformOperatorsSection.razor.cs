using Microsoft.AspNetCore.Components;
using Radzen;
using WebhookConsole.Components.Dialogs;
using WebhookConsole.Engine.Domain;
using WebhookConsole.Operators;

namespace WebhookConsole.Components.Controls;

/// <summary>The hub's platform operators, on the Organizations page (which only platform operators reach).</summary>
public sealed partial class PlatformOperatorsSection : ComponentBase
{
    private IReadOnlyList<PlatformOperatorSummary>? operators;
    private IReadOnlyList<FieldError> errors = [];
    private string? email;
    private bool busy;
    private string? message;

    /// <summary>The organizations by id, to name each operator's own.</summary>
    [Parameter, EditorRequired]
    public IReadOnlyDictionary<Guid, string> Handles { get; set; } = new Dictionary<Guid, string>();

    [Inject]
    public required OperatorService Operators { get; init; }

    [Inject]
    public required DialogService Dialogs { get; init; }

    protected override async Task OnInitializedAsync() => operators = await Operators.ListPlatformAsync();

    private string HandleOf(Guid organizationId) => Handles.TryGetValue(organizationId, out var handle) ? handle : organizationId.ToString();

    private Task GrantAsync() => RunAsync(async () =>
    {
        errors = await Operators.SetPlatformAsync(email, true);
        if (errors.Count == 0)
        {
            message = $"{email?.Trim()} is now a platform operator (from their next page load).";
            email = null;
        }
    });

    private async Task RevokeAsync(PlatformOperatorSummary op)
    {
        var confirmed = await Dialogs.ConfirmAsync(new ConfirmRequest("Remove platform role", "Remove the platform role of ", op.Email,
            "? They keep their own organization's role, and lose the Organizations page and every other organization.", "Remove"));
        if (confirmed)
        {
            await RunAsync(async () =>
            {
                var refused = await Operators.SetPlatformAsync(op.Email, false);
                message = refused.Count == 0 ? $"{op.Email} is no longer a platform operator." : string.Join(" ", refused.Select(e => e.Message));
            });
        }
    }

    private async Task RunAsync(Func<Task> command)
    {
        busy = true;
        try
        {
            await command();
            operators = await Operators.ListPlatformAsync();
        }
        finally
        {
            busy = false;
        }
    }
}
