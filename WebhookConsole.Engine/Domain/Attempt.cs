namespace WebhookConsole.Engine.Domain;

/// <summary>One HTTP try of a delivery, with the request as sent and the response as received.</summary>
public sealed class Attempt
{
    public long Id { get; set; }

    public Guid DeliveryId { get; set; }

    public int Number { get; set; }

    public DateTimeOffset StartedAt { get; set; }

    public TimeSpan Duration { get; set; }

    public required string RequestUrl { get; set; }

    /// <summary>Request headers as JSON (name to values); custom header values are masked.</summary>
    public required string RequestHeaders { get; set; }

    public required string RequestBody { get; set; }

    public int? ResponseStatus { get; set; }

    public string? ResponseHeaders { get; set; }

    /// <summary>The response body, truncated to the configured size.</summary>
    public string? ResponseBody { get; set; }

    public AttemptError Error { get; set; }

    public string? ErrorMessage { get; set; }

    public bool Succeeded => Error == AttemptError.None;
}
