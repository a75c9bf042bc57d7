using Microsoft.AspNetCore.Components;
using Radzen;
using WebhookConsole.Components.Dialogs;
using WebhookConsole.Engine.Domain;
using WebhookConsole.Hosting;
using WebhookConsole.Operators;

namespace WebhookConsole.Components.Controls;

/// <summary>The Operators section of Settings; the page passes who is signed in and whether they may change anything.</summary>
public sealed partial class OperatorsSection : SettingsSection
{
    private IReadOnlyList<OperatorSummary>? operators;
    private string? message;
    private bool busy;
    private string? email;
    private string? password;
    private static readonly string[] Roles = [OperatorRoles.Viewer, OperatorRoles.Admin];
    private string role = OperatorRoles.Viewer;
    private IReadOnlyList<FieldError> addErrors = [];
    private OperatorSummary? resetting;
    private string? resetPassword;
    private IReadOnlyList<FieldError> resetErrors = [];

    [Inject]
    public required OperatorService Operators { get; init; }

    [Inject]
    public required DialogService Dialogs { get; init; }

    private bool Enabled => CanChange && !busy && RendererInfo.IsInteractive;

    protected override async Task OnParametersSetAsync() => operators = await Operators.ListAsync(OrganizationId);

    private bool IsSelf(OperatorSummary op) => string.Equals(op.Email, OperatorName, StringComparison.OrdinalIgnoreCase);

    private async Task AddAsync()
    {
        await RunAsync(async () =>
        {
            addErrors = await Operators.AddAsync(OrganizationId, email, password, role);
            if (addErrors.Count == 0)
            {
                message = $"Operator {email?.Trim()} added as {role}.";
                (email, password, role) = (null, null, OperatorRoles.Viewer);
            }
        });
    }

    private async Task ChangeRoleAsync(OperatorSummary op, string? newRole)
    {
        await RunAsync(async () =>
        {
            var errors = await Operators.ChangeRoleAsync(OrganizationId, op.Id, newRole);
            message = errors.Count == 0 ? $"{op.Email} is now {newRole}." : Sentence(errors);
        });
    }

    private void StartReset(OperatorSummary op) => (resetting, resetPassword, resetErrors) = (op, null, []);

    private async Task ResetAsync()
    {
        if (resetting is not { } op)
        {
            return;
        }

        await RunAsync(async () =>
        {
            resetErrors = await Operators.ResetPasswordAsync(OrganizationId, op.Id, resetPassword);
            if (resetErrors.Count == 0)
            {
                message = $"The password of {op.Email} was changed.";
                (resetting, resetPassword) = (null, null);
            }
        });
    }

    private async Task RemoveAsync(OperatorSummary op)
    {
        if (!CanChange)
        {
            return;
        }

        var confirmed = await Dialogs.ConfirmAsync(new ConfirmRequest("Remove operator", "Remove operator ", op.Email, "? They can no longer sign in.", "Remove"));
        if (confirmed)
        {
            await RunAsync(async () =>
            {
                var errors = await Operators.RemoveAsync(OrganizationId, OperatorName, op.Id);
                message = errors.Count == 0 ? $"Operator {op.Email} removed." : Sentence(errors);
            });
        }
    }

    // The handlers refuse for a viewer too, in case a circuit calls them with the buttons disabled.
    private async Task RunAsync(Func<Task> command)
    {
        if (!CanChange)
        {
            message = OperatorRoles.ViewerRefused;
            return;
        }

        busy = true;
        try
        {
            await command();
            operators = await Operators.ListAsync(OrganizationId);
        }
        finally
        {
            busy = false;
        }
    }

    private static string Sentence(IReadOnlyList<FieldError> errors) => string.Join(" ", errors.Select(e => e.Message));
}
