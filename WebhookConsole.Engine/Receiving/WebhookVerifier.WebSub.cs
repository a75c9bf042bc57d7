namespace WebhookConsole.Engine.Receiving;

public static partial class WebhookVerifier
{
    /// <summary>
    /// Decides the answer to a WebSub verification of intent (a GET with <c>hub.mode</c>, <c>hub.topic</c>,
    /// <c>hub.challenge</c> and, for subscriptions, <c>hub.lease_seconds</c>). Answer <c>200</c> with exactly the
    /// returned string as a <c>text/plain</c> body; when it returns null, answer <c>404</c> so the hub records that
    /// the subscription was refused.
    /// </summary>
    /// <param name="mode">The <c>hub.mode</c> query value: <c>subscribe</c> or <c>unsubscribe</c>.</param>
    /// <param name="topic">The <c>hub.topic</c> query value.</param>
    /// <param name="challenge">The <c>hub.challenge</c> query value.</param>
    /// <param name="expectedTopics">The topics this receiver wants (see <see cref="WebSubTopic"/>): one request comes per subscribed channel.</param>
    /// <param name="confirmUnsubscribe">Whether to confirm <c>unsubscribe</c> requests (so that switching the webhook off completes).</param>
    /// <returns>The challenge to echo, or null when the mode, the topic or the challenge is not as expected.</returns>
    public static string? AnswerChallenge(string? mode, string? topic, string? challenge, IEnumerable<string> expectedTopics, bool confirmUnsubscribe = true)
    {
        var modeExpected = mode == "subscribe" || (confirmUnsubscribe && mode == "unsubscribe");
        var topicExpected = topic is not null && expectedTopics is not null && expectedTopics.Contains(topic, StringComparer.Ordinal);
        return modeExpected && topicExpected && !string.IsNullOrEmpty(challenge) ? challenge : null;
    }

    /// <summary>
    /// The <c>hub.topic</c> the hub sends for one channel (Asgardeo's WebSub guide):
    /// <c>{organization handle}.{organization id}.schema.wso2.v1.event.{channel}</c>, e.g. <c>myorg.&lt;id&gt;.schema.wso2.v1.event.login</c>.
    /// </summary>
    /// <param name="organizationHandle">The organization's handle (its root organization domain).</param>
    /// <param name="organizationId">The organization's id, as a lowercase UUID.</param>
    /// <param name="channel">The channel, e.g. <c>login</c> or <c>registration</c>.</param>
    /// <returns>The topic string.</returns>
    public static string WebSubTopic(string organizationHandle, string organizationId, string channel) =>
        $"{organizationHandle}.{organizationId}.schema.wso2.v1.event.{channel}";
}
