using Microsoft.AspNetCore.Components;
using Radzen;
using WebhookConsole.Components.Dialogs;
using WebhookConsole.Engine.Domain;
using WebhookConsole.Engine.Privacy;

namespace WebhookConsole.Components.Controls;

/// <summary>The erasure form of Settings: a person id, or a JSON path and value; confirmed, run, and its report shown.</summary>
public sealed partial class ErasureSection : SettingsSection
{
    private bool byPath;
    private string? personId;
    private string? path;
    private string? value;
    private IReadOnlyList<FieldError> errors = [];
    private ErasureReport? report;
    private bool busy;

    [Inject]
    public required SubjectErasure Erasure { get; init; }

    [Inject]
    public required DialogService Dialogs { get; init; }

    private bool Enabled => CanChange && !busy && RendererInfo.IsInteractive;

    private async Task EraseAsync()
    {
        if (!CanChange)
        {
            return;
        }

        var found = new List<FieldError>();
        var subject = byPath ? ErasureSubject.Create(null, path ?? "", value ?? "", found) : ErasureSubject.Create(personId ?? "", null, null, found);
        errors = found;
        if (subject is null || !await Dialogs.ConfirmAsync(new ConfirmRequest("Erase a person's data", "Erase everything this organization's events hold about ",
                byPath ? $"{subject.PathText} = {subject.Value}" : subject.Value,
                "? Event payloads and request and response bodies are removed for good and deliveries not sent yet are cancelled.", "Erase")))
        {
            return;
        }

        busy = true;
        try
        {
            report = (await Erasure.EraseAsync(OrganizationId, subject)).Value;
            personId = path = value = null;
        }
        finally
        {
            busy = false;
        }
    }

    private static string Describe(ErasureReport report) =>
        $"Erased {report.Events} events, {report.Deliveries} deliveries ({report.Cancelled} not sent yet, cancelled) and the bodies of {report.Attempts} attempts "
        + $"on {ViewModels.UtcText.Format(report.ErasedAt)}, in {report.Duration.TotalMilliseconds:0} ms"
        + (report.Lookup == "scan" ? " (every event was read: the path is not indexed)." : ".");
}
