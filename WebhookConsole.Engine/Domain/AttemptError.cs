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

/// <summary>Words the API and the traces use for an <see cref="AttemptError"/>.</summary>
public static class AttemptErrorText
{
    public static string ToWord(this AttemptError error) => error switch
    {
        AttemptError.None => "success",
        AttemptError.Timeout => "timeout",
        AttemptError.Connection => "connection",
        AttemptError.Tls => "tls",
        AttemptError.NonSuccessStatus => "non_success_status",
        AttemptError.Redirect => "redirect",
        _ => throw new ArgumentOutOfRangeException(nameof(error)),
    };
}
