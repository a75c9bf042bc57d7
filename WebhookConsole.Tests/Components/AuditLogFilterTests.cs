using WebhookConsole.Components.ViewModels;

namespace WebhookConsole.Tests.Components;

/// <summary>The Audit log page's filter: the picked UTC times become the engine's range and the export's query string.</summary>
public sealed class AuditLogFilterTests
{
    [Fact]
    public void Parse_PickedTimes_GivesTheUtcRangeAndTheExportQuery()
    {
        var form = new AuditLogFilter { Action = " webhook. ", From = new DateTime(2026, 12, 2, 10, 0, 0), To = new DateTime(2026, 12, 2, 18, 0, 0) };

        var (filter, error) = form.Parse();

        Assert.Null(error);
        Assert.Equal(new DateTimeOffset(2026, 12, 2, 10, 0, 0, TimeSpan.Zero), filter!.From);
        Assert.Equal("?action=webhook.&from=2026-12-02T10%3A00%3A00.0000000%2B00%3A00&to=2026-12-02T18%3A00%3A00.0000000%2B00%3A00", form.QueryString(filter));
    }

    [Fact]
    public void Parse_FromNotBeforeTo_NamesBothFieldsAndFiltersNothing()
    {
        var form = new AuditLogFilter { From = new DateTime(2026, 12, 2, 18, 0, 0), To = new DateTime(2026, 12, 2, 10, 0, 0) };

        var (filter, error) = form.Parse();

        Assert.Null(filter);
        Assert.Equal("From (UTC) must be earlier than To (UTC).", error);
    }
}
