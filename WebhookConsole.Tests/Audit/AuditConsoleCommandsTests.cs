using WebhookConsole.Engine.Audit;
using WebhookConsole.Engine.Delivery;
using WebhookConsole.Engine.Organizations;
using WebhookConsole.Engine.Security;
using WebhookConsole.Engine.Signing;
using WebhookConsole.Operators;

namespace WebhookConsole.Tests.Audit;

/// <summary>
/// The commands of Settings, Jobs and Signing keys call these services from the circuit, with the operator made the
/// actor (as <c>AuditCircuitHandler</c> does around each browser event): each leaves one entry naming that operator.
/// </summary>
public sealed class AuditConsoleCommandsTests(AuditApp app) : IClassFixture<AuditApp>
{
    private static readonly AuditActor Console = AuditActor.Operator("op-1", "admin@example.com", "10.0.0.5");

    public static TheoryData<string> Commands => new()
    {
        AuditAction.ApiKeyCreated, AuditAction.ApiKeyRevoked, AuditAction.PortalLinkCreated, AuditAction.PortalLinkRevoked,
        AuditAction.OperatorCreated, AuditAction.OperatorRoleChanged, AuditAction.OperatorPasswordReset, AuditAction.OperatorRemoved,
        AuditAction.SigningKeyRotated, AuditAction.DeliveriesCancelled,
    };

    [Theory]
    [MemberData(nameof(Commands))]
    public async Task ConsoleCommand_AsAnOperator_RecordsExactlyOneEntryNamingThem(string action)
    {
        var org = app.OrganizationId;
        var command = await PrepareAsync(action, org);
        var before = await app.HeadAsync(org);

        using (app.Get<AuditActors>().Use(Console))
        {
            await command();
        }

        var entry = Assert.Single(await app.EntriesAsync(org, before));
        Assert.Equal(action, entry.Action);
        Assert.Equal((Console.Type, Console.Id, Console.Name, Console.Address), (entry.ActorType, entry.ActorId, entry.ActorName, entry.ActorAddress));
        Assert.NotNull(entry.TargetName);
    }

    private async Task<Func<Task>> PrepareAsync(string action, Guid org)
    {
        var keys = app.Get<ApiKeyService>();
        var links = app.Get<PortalLinkService>();
        var operators = app.Get<OperatorService>();
        var email = $"op-{Guid.NewGuid():N}@example.com";
        switch (action)
        {
            case AuditAction.ApiKeyCreated:
                return () => keys.CreateAsync(org, "Console key");
            case AuditAction.ApiKeyRevoked:
                var key = (await keys.CreateAsync(org, "To revoke")).Value!.Key.Id;
                return () => keys.RevokeAsync(org, key);
            case AuditAction.PortalLinkCreated:
                return () => links.CreateAsync(org, new PortalLinkInput("Partner", false, [], TimeSpan.FromDays(1)), "admin@example.com");
            case AuditAction.PortalLinkRevoked:
                var link = (await links.CreateAsync(org, new PortalLinkInput("Partner", false, [], TimeSpan.FromDays(1)), "admin@example.com")).Value!.Link.Id;
                return () => links.RevokeAsync(org, link);
            case AuditAction.OperatorCreated:
                return async () => Assert.Empty(await operators.AddAsync(org, email, "Correct-Horse-42", "viewer"));
            case AuditAction.SigningKeyRotated:
                return () => app.Get<SigningKeyService>().RotateAsync(org);
            case AuditAction.DeliveriesCancelled:
                var webhook = (await app.Get<WebhookConsole.Engine.Webhooks.WebhookService>().ListAsync(org)).FirstOrDefault()
                    ?? (await app.Get<WebhookConsole.Engine.Webhooks.WebhookService>().CreateAsync(org, new() { Name = "w", TargetUrl = "http://127.0.0.1:9/c", Format = WebhookConsole.Engine.Domain.WebhookFormat.Jwt, Channels = null })).Value!.Webhook;
                return () => app.Get<DeliveryControl>().CancelPendingAsync(org, webhook.Id);
        }

        Assert.Empty(await operators.AddAsync(org, email, "Correct-Horse-42", "viewer"));
        var id = (await operators.ListAsync(org)).Single(o => o.Email == email).Id;
        return action switch
        {
            AuditAction.OperatorRoleChanged => async () => Assert.Empty(await operators.ChangeRoleAsync(org, id, "admin")),
            AuditAction.OperatorPasswordReset => async () => Assert.Empty(await operators.ResetPasswordAsync(org, id, "Another-Horse-43")),
            _ => async () => Assert.Empty(await operators.RemoveAsync(org, "admin@example.com", id)),
        };
    }
}
