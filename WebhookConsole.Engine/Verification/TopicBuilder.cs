using WebhookConsole.Engine.Catalog;

namespace WebhookConsole.Engine.Verification;

/// <summary>
/// WebSub topics in Asgardeo's WebSub guide format:
/// <c>{root-organization-domain}.{organization-id}.schema.{profile}.{version}.event.{channel}</c>.
/// </summary>
public static class TopicBuilder
{
    public const string Profile = "wso2";
    public const string Version = "v1";

    public static string Build(string organizationHandle, Guid organizationId, EventChannel channel) =>
        $"{organizationHandle}.{organizationId:D}.schema.{Profile}.{Version}.event.{channel.Slug}";
}
