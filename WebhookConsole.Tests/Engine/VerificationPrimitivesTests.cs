using WebhookConsole.Engine.Catalog;
using WebhookConsole.Engine.Verification;

namespace WebhookConsole.Tests.Engine;

public sealed class VerificationPrimitivesTests
{
    [Fact]
    public void Build_LoginChannel_FollowsGuide003TopicFormat()
    {
        var organizationId = Guid.Parse("dcbd6baa-40c7-4eb9-9c2e-19b868d0e266");

        var topic = TopicBuilder.Build("myorg", organizationId, EventCatalog.Logins);

        Assert.Equal("myorg.dcbd6baa-40c7-4eb9-9c2e-19b868d0e266.schema.wso2.v1.event.login", topic);
    }

    [Fact]
    public void NewChallenge_UsesOnlyUnreservedUrlCharacters()
    {
        const string unreserved = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~";
        var challenges = Enumerable.Range(0, 500).Select(_ => ChallengeGenerator.NewChallenge()).ToList();

        Assert.All(challenges, c => Assert.Equal(ChallengeGenerator.Length, c.Length));
        Assert.All(challenges, c => Assert.All(c, ch => Assert.Contains(ch, unreserved)));
        Assert.All(challenges, c => Assert.Equal(c, Uri.EscapeDataString(c)));
        Assert.Equal(challenges.Count, challenges.Distinct().Count());
        // Every character of the alphabet shows up across 16,000 draws: the draw is not stuck on a subset.
        Assert.Equal(ChallengeGenerator.Alphabet.Order(), string.Concat(challenges).Distinct().Order());
    }
}
