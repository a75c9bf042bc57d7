using WebhookConsole.Engine.Catalog;
using WebhookConsole.Engine.Receiving;
using WebhookConsole.Engine.Verification;

namespace WebhookConsole.Tests.Engine.Receiving;

public sealed class ChallengeAnswerTests
{
    private const string OrganizationId = "dcbd6baa-40c7-4eb9-9c2e-19b868d0e266";
    private const string Challenge = "500c4833-91c6-4556-b9a9-1b8e5e00d48b";

    private static readonly string[] Topics =
    [
        WebhookVerifier.WebSubTopic("myorg", OrganizationId, "login"),
        WebhookVerifier.WebSubTopic("myorg", OrganizationId, "registration"),
    ];

    [Fact]
    public void WebSubTopic_AsgardeoGuideExample_IsTheTopicItShows()
    {
        Assert.Equal("myorg.dcbd6baa-40c7-4eb9-9c2e-19b868d0e266.schema.wso2.v1.event.login", Topics[0]);
    }

    [Fact]
    public void WebSubTopic_EveryChannel_MatchesTheTopicTheEngineSends()
    {
        var id = Guid.NewGuid();

        Assert.All(EventCatalog.Channels, channel =>
            Assert.Equal(TopicBuilder.Build("myorg", id, channel), WebhookVerifier.WebSubTopic("myorg", id.ToString(), channel.Slug)));
    }

    [Theory]
    [InlineData("subscribe")]
    [InlineData("unsubscribe")]
    public void AnswerChallenge_ExpectedModeAndTopic_ReturnsTheChallenge(string mode)
    {
        Assert.Equal(Challenge, WebhookVerifier.AnswerChallenge(mode, Topics[1], Challenge, Topics));
    }

    [Fact]
    public void AnswerChallenge_UnsubscribeWhenNotConfirmingThem_ReturnsNull()
    {
        Assert.Null(WebhookVerifier.AnswerChallenge("unsubscribe", Topics[0], Challenge, Topics, confirmUnsubscribe: false));
    }

    [Theory]
    [InlineData("myorg.dcbd6baa-40c7-4eb9-9c2e-19b868d0e266.schema.wso2.v1.event.session")]
    [InlineData("otherorg.dcbd6baa-40c7-4eb9-9c2e-19b868d0e266.schema.wso2.v1.event.login")]
    [InlineData("MYORG.dcbd6baa-40c7-4eb9-9c2e-19b868d0e266.schema.wso2.v1.event.login")]
    [InlineData("")]
    [InlineData(null)]
    public void AnswerChallenge_UnexpectedTopic_ReturnsNull(string? topic)
    {
        Assert.Null(WebhookVerifier.AnswerChallenge("subscribe", topic, Challenge, Topics));
    }

    [Theory]
    [InlineData("denied")]
    [InlineData("Subscribe")]
    [InlineData("")]
    [InlineData(null)]
    public void AnswerChallenge_UnexpectedMode_ReturnsNull(string? mode)
    {
        Assert.Null(WebhookVerifier.AnswerChallenge(mode, Topics[0], Challenge, Topics));
    }

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    public void AnswerChallenge_NoChallenge_ReturnsNull(string? challenge)
    {
        Assert.Null(WebhookVerifier.AnswerChallenge("subscribe", Topics[0], challenge, Topics));
    }
}
