namespace WebhookConsole.Engine.Configuration;

/// <summary>
/// Start-up stopped on purpose, for a reason the operator must act on (e.g. the database belongs to a newer version).
/// The message says what to do; the process exits with <see cref="ExitCode"/>, which the systemd unit does not restart.
/// </summary>
public sealed class StartupRefusedException(string message) : Exception(message)
{
    /// <summary>The exit code of a refused start (<c>RestartPreventExitStatus=3</c> in deploy/systemd/webhookconsole.service).</summary>
    public const int ExitCode = 3;

    // The host logs a failed start with the exception's text: for an expected refusal the message is the whole story,
    // and a stack trace would only bury it.
    public override string ToString() => Message;
}
