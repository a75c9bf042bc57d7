using Microsoft.AspNetCore.Components;
using WebhookConsole.Components.ViewModels;
using WebhookConsole.Engine.Audit;
using WebhookConsole.Engine.Domain;
using WebhookConsole.Engine.Notifications;

namespace WebhookConsole.Components.Pages;

/// <summary>
/// The organization's audit log, newest first: filter by actor, action, target and time, page older by keyset, download
/// as JSON lines, and verify the hash chain. Every role may read and verify; nothing here changes anything.
/// </summary>
public sealed partial class AuditLog
{
    private const int PageSize = 50;
    private readonly AuditLogFilter form = new();
    private AuditFilter filter = new();
    private List<AuditEntry>? entries;
    private long? next;
    private string? filterError;
    private AuditVerification? verification;
    private bool verifying;

    [Inject]
    public required AuditQuery Query { get; init; }

    [Inject]
    public required AuditVerifier Verifier { get; init; }

    private string ExportHref => "audit/export" + form.QueryString(filter);

    protected override async Task LoadAsync()
    {
        var page = await Query.ListAsync(OrganizationId, filter, null, PageSize);
        (entries, next) = ([.. page.Items], page.NextCursor);
    }

    // The log changes with every command; the page loads on demand (Apply, Load older) rather than on every change.
    protected override bool IsRelevant(EngineChange change) => false;

    private async Task ApplyAsync()
    {
        var (parsed, error) = form.Parse();
        filterError = error;
        if (parsed is not null)
        {
            filter = parsed;
            await LoadAsync();
        }
    }

    private async Task LoadOlderAsync()
    {
        var page = await Query.ListAsync(OrganizationId, filter, next, PageSize);
        entries!.AddRange(page.Items);
        next = page.NextCursor;
    }

    private async Task VerifyAsync()
    {
        verifying = true;
        try
        {
            verification = await Verifier.VerifyAsync(OrganizationId);
        }
        finally
        {
            verifying = false;
        }
    }
}
