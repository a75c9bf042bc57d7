using Microsoft.AspNetCore.Components;

namespace WebhookConsole.Components.Controls;

/// <summary>Base of the Settings page's sections: who is signed in, in which organization, and whether they may change anything.</summary>
public abstract class SettingsSection : ComponentBase
{
    [Parameter, EditorRequired]
    public Guid OrganizationId { get; set; }

    [Parameter, EditorRequired]
    public bool CanChange { get; set; }

    [Parameter, EditorRequired]
    public string OperatorName { get; set; } = "";
}
