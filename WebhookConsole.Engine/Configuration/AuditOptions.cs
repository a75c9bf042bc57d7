namespace WebhookConsole.Engine.Configuration;

/// <summary>Settings of the audit log (configuration section <c>Audit</c>).</summary>
public sealed class AuditOptions
{
    public const string Section = "Audit";

    /// <summary>How long audit entries are kept; the retention purge deletes older ones and moves each chain's anchor.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(400);
}
