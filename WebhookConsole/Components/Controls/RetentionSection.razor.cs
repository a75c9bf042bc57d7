using Microsoft.AspNetCore.Components;
using WebhookConsole.Engine.Domain;
using WebhookConsole.Engine.Privacy;

namespace WebhookConsole.Components.Controls;

/// <summary>The Retention section of Settings: the windows in force, and for admins a form to change them.</summary>
public sealed partial class RetentionSection : SettingsSection
{
    private Retention? retention;
    private int? eventDays;
    private int? bodyDays;
    private IReadOnlyList<FieldError> errors = [];
    private string? message;
    private bool busy;

    [Inject]
    public required RetentionSettings Settings { get; init; }

    private int DefaultDays => (int)Settings.Default.TotalDays;

    private bool Enabled => CanChange && !busy && RendererInfo.IsInteractive;

    protected override async Task OnParametersSetAsync() => Show(await Settings.GetAsync(OrganizationId));

    private async Task SaveAsync()
    {
        if (!CanChange)
        {
            return;
        }

        busy = true;
        try
        {
            var saved = await Settings.UpdateAsync(OrganizationId, new(eventDays), new(bodyDays));
            errors = saved.Errors;
            if (saved.Succeeded)
            {
                Show(saved.Value);
                message = "Retention saved; the next purge applies it.";
            }
        }
        finally
        {
            busy = false;
        }
    }

    private void Show(Retention? current)
    {
        retention = current;
        eventDays = current?.EventRetention is { } events ? (int)events.TotalDays : null;
        bodyDays = current?.BodyRetention is { } bodies ? (int)bodies.TotalDays : null;
    }

    private static string Describe(TimeSpan window, TimeSpan? own) => $"{(int)window.TotalDays} days{(own is null ? " (the hub's default)" : "")}";
}
