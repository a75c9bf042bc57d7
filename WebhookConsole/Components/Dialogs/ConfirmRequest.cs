using Radzen;

namespace WebhookConsole.Components.Dialogs;

/// <summary>
/// What <see cref="ConfirmDialog"/> asks: the sentence around the subject (a name, shown in bold), the action's word and
/// whether it destroys something (then its button is red).
/// </summary>
public sealed record ConfirmRequest(string Title, string Before, string Subject, string After, string Action, bool Destructive = true);

/// <summary>Opens <see cref="ConfirmDialog"/>.</summary>
public static class ConfirmDialogExtensions
{
    /// <summary>True when the operator chose the action; false when they cancelled or closed the dialog.</summary>
    public static async Task<bool> ConfirmAsync(this DialogService dialogs, ConfirmRequest request)
    {
        var result = await dialogs.OpenAsync<ConfirmDialog>(request.Title, new Dictionary<string, object?> { [nameof(ConfirmDialog.Request)] = request },
            new DialogOptions { Width = "480px", CloseDialogOnEsc = true });
        return result is true;
    }
}
