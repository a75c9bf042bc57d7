using Microsoft.AspNetCore.Components;
using WebhookConsole.Components.Controls;
using WebhookConsole.Engine.Delivery;
using WebhookConsole.Engine.Domain;
using WebhookConsole.Engine.Maintenance;
using WebhookConsole.Engine.Notifications;
using WebhookConsole.Engine.Scheduling;

namespace WebhookConsole.Components.Pages;

/// <summary>
/// The Hangfire dashboard's role over the engine's own queue: live counts by state, the busiest endpoints (backlog,
/// circuit, limits), the deliveries of one state
/// (keyset pages, newest first) with Requeue, Deliver now and Cancel singly or for a selection, and the recurring
/// maintenance jobs with Trigger now; graphs of succeeded and failed attempts per second over the last 5 minutes and
/// per hour over 24 hours; the dispatchers at work.
/// </summary>
public sealed partial class Jobs
{
    private const int PageSize = 50;

    private IReadOnlyDictionary<DeliveryStatus, int>? counts;
    private List<DeliverySummary> deliveries = [];
    private DeliveryCursor? next;
    private IReadOnlyList<MaintenanceJobStatus> jobs = [];
    private IReadOnlyList<AttemptRate> rates = [];
    private IReadOnlyList<AttemptRate> hourly = [];
    private IReadOnlyList<DispatcherNode> dispatchers = [];
    private IReadOnlyList<EndpointBacklogRow> busiest = [];
    private DeliveryStatus selectedStatus = DeliveryStatus.Failed;
    private readonly HashSet<Guid> selected = [];
    private bool busy;
    private string? message;

    [Inject]
    public required DeliveryLog DeliveryLog { get; init; }

    [Inject]
    public required Engine.Audit.AuditLog Audit { get; init; }

    [Inject]
    public required DeliveryControl DeliveryControl { get; init; }

    [Inject]
    public required MaintenanceJobs MaintenanceJobs { get; init; }

    [Inject]
    public required AttemptRates AttemptRates { get; init; }

    [Inject]
    public required DispatcherStatus DispatcherStatus { get; init; }

    [Inject]
    public required EndpointBacklog EndpointBacklog { get; init; }

    protected override async Task LoadAsync()
    {
        counts = await DeliveryLog.CountByStatusAsync(OrganizationId);
        busiest = await EndpointBacklog.BusiestAsync(OrganizationId);
        // A live refresh keeps as many rows as are shown, so "Load older" pages are not lost.
        var page = await DeliveryLog.ListPageAsync(OrganizationId, new DeliveryFilter(Status: selectedStatus), null, Math.Max(PageSize, deliveries.Count));
        deliveries = [.. page.Items];
        next = page.Next;
        selected.IntersectWith(deliveries.Select(d => d.Id));
        jobs = await MaintenanceJobs.ListAsync();
        // The window moves when attempts are recorded (the engine pushes; no timer redraws an idle graph).
        rates = await AttemptRates.PerSecondAsync(OrganizationId, TimeSpan.FromMinutes(5));
        hourly = await AttemptRates.PerHourAsync(OrganizationId, TimeSpan.FromHours(24));
        dispatchers = await DispatcherStatus.ListAsync(OrganizationId);
    }

    protected override bool IsRelevant(EngineChange change) => change.Kind is EngineChangeKind.DeliveryCreated
        or EngineChangeKind.DeliveryRecorded or EngineChangeKind.MaintenanceRunRecorded or EngineChangeKind.WebhookChanged;

    private static string StateTitle(DeliveryStatus status) => status == DeliveryStatus.InFlight ? "In flight" : status.ToString();

    private async Task SelectStatusAsync(DeliveryStatus status)
    {
        selectedStatus = status;
        deliveries = [];
        selected.Clear();
        await LoadAsync();
    }

    private async Task LoadOlderAsync()
    {
        var page = await DeliveryLog.ListPageAsync(OrganizationId, new DeliveryFilter(Status: selectedStatus), next, PageSize);
        deliveries.AddRange(page.Items);
        next = page.Next;
    }

    private async Task RunAsync(JobCommand command, IReadOnlyCollection<Guid> ids)
    {
        if (!CanChange)
        {
            return;
        }

        busy = true;
        try
        {
            var changed = command switch
            {
                JobCommand.Requeue => await DeliveryControl.RequeueManyAsync(OrganizationId, ids),
                JobCommand.DeliverNow => await DeliveryControl.DeliverNowAsync(OrganizationId, ids),
                _ => await DeliveryControl.CancelManyAsync(OrganizationId, ids),
            };
            message = JobCommandText.Outcome(command, changed, ids.Count);
            selected.ExceptWith(ids);
            await LoadAsync();
        }
        finally
        {
            busy = false;
        }
    }

    private async Task TriggerAsync(string job)
    {
        if (!CanChange)
        {
            return;
        }

        if (await MaintenanceJobs.TriggerNowAsync(job))
        {
            await Audit.RecordAloneAsync(OrganizationId, Engine.Audit.AuditAction.MaintenanceTriggered,
                new Engine.Audit.AuditTarget(Engine.Audit.AuditTargetType.MaintenanceJob, job, job));
        }

        message = $"{job} started; its outcome appears below when it finishes.";
    }
}
