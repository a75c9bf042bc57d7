namespace WebhookConsole.Engine.Verification;

/// <summary>The <c>hub.mode</c> of a verification request.</summary>
public enum VerificationMode
{
    Subscribe,
    Unsubscribe,
}
