namespace WebhookConsole.Components.Controls;

/// <summary>What an operator can do to deliveries on the jobs page.</summary>
public enum JobCommand
{
    /// <summary>Send a finished delivery again (a fresh retry window, the same ids).</summary>
    Requeue,

    /// <summary>Make a pending or retrying delivery due now.</summary>
    DeliverNow,

    /// <summary>Cancel a pending or retrying delivery.</summary>
    Cancel,
}

/// <summary>A command on one row of the jobs page's delivery list.</summary>
public readonly record struct JobRowCommand(JobCommand Command, Guid Id);

/// <summary>The words the jobs page shows for its commands.</summary>
public static class JobCommandText
{
    /// <summary>What happened, e.g. "Requeued 2 of 3 deliveries; …".</summary>
    public static string Outcome(JobCommand command, int changed, int asked)
    {
        var verb = command switch
        {
            JobCommand.Requeue => "Requeued",
            JobCommand.DeliverNow => "Made due now",
            _ => "Cancelled",
        };
        var noun = asked == 1 ? "delivery" : "deliveries";
        var counted = changed == asked ? $"{verb} {changed} {noun}." : $"{verb} {changed} of {asked} {noun}";
        return changed == asked ? counted : counted + (command == JobCommand.Requeue
            ? "; the others are in flight, sync hook calls, or of a webhook that is not active."
            : "; the others were no longer pending or retrying.");
    }
}
