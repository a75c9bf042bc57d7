namespace WebhookConsole.Engine.Domain;

/// <summary>Why an attempt failed, for the delivery log.</summary>
public enum AttemptError
{
    None,
    Timeout,
    Connection,
    Tls,
    NonSuccessStatus,
    Redirect,
}
