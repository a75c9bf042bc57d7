namespace WebhookConsole.Engine.Configuration;

/// <summary>Schedules of the recurring maintenance jobs (configuration section <c>Maintenance</c>).</summary>
public sealed class MaintenanceOptions
{
    public const string Section = "Maintenance";

    /// <summary>Every job's name: its configuration section, its Quartz job key and its <c>maintenance_runs.Job</c> value.</summary>
    public static readonly IReadOnlyList<string> JobNames = [nameof(RetentionPurge), nameof(ExpiredLeaseReaper), nameof(WebSubLeaseRenewal), nameof(AutoDisable), nameof(PayloadEncryption)];

    /// <summary>Deletes finished deliveries, their attempts and orphaned events older than <c>Delivery:Retention</c>.</summary>
    public JobScheduleOptions RetentionPurge { get; set; } = new() { Interval = TimeSpan.FromHours(1) };

    /// <summary>Returns in-flight deliveries whose lease ran out (their dispatcher died) to the queue.</summary>
    public JobScheduleOptions ExpiredLeaseReaper { get; set; } = new() { Interval = TimeSpan.FromMinutes(1) };

    /// <summary>Re-verifies WebSub subscriptions before their lease runs out.</summary>
    public JobScheduleOptions WebSubLeaseRenewal { get; set; } = new() { Interval = TimeSpan.FromHours(1) };

    /// <summary>Disables webhooks whose every delivery has failed for <c>Delivery:DisableAfter</c>.</summary>
    public JobScheduleOptions AutoDisable { get; set; } = new() { Interval = TimeSpan.FromHours(1) };

    /// <summary>Encrypts event payloads and attempt bodies stored in clear before encryption at rest (none once it has caught up).</summary>
    public JobScheduleOptions PayloadEncryption { get; set; } = new() { Interval = TimeSpan.FromMinutes(10) };

    /// <summary>Rows the retention purge deletes per transaction, so a large purge never holds the write lock for long.</summary>
    public int PurgeBatchSize { get; set; } = 500;

    /// <summary>Rows the payload encryption rewrites per transaction.</summary>
    public int EncryptionBatchSize { get; set; } = 500;

    /// <summary>The schedule of the job named <paramref name="job"/> (its section name).</summary>
    public JobScheduleOptions For(string job) => job switch
    {
        nameof(RetentionPurge) => RetentionPurge,
        nameof(ExpiredLeaseReaper) => ExpiredLeaseReaper,
        nameof(WebSubLeaseRenewal) => WebSubLeaseRenewal,
        nameof(AutoDisable) => AutoDisable,
        nameof(PayloadEncryption) => PayloadEncryption,
        _ => throw new ArgumentOutOfRangeException(nameof(job), job, "Not a maintenance job."),
    };
}

/// <summary>When one maintenance job runs.</summary>
public sealed class JobScheduleOptions
{
    /// <summary>Time between runs; the first run comes one interval after start-up.</summary>
    public TimeSpan Interval { get; set; }
}
