using System.Text.Json;
using Microsoft.AspNetCore.Components;
using WebhookConsole.Engine.Delivery;
using WebhookConsole.Engine.Notifications;

namespace WebhookConsole.Components.Pages;

/// <summary>One delivery and every attempt: the request as sent and the response as received.</summary>
public sealed partial class DeliveryDetails
{
    private Engine.Domain.Delivery? delivery;
    private bool notFound;

    [Parameter]
    public Guid Id { get; set; }

    [Inject]
    public required DeliveryLog DeliveryLog { get; init; }

    protected override async Task LoadAsync()
    {
        delivery = await DeliveryLog.GetAsync(OrganizationId, Id);
        notFound = delivery is null;
    }

    protected override bool IsRelevant(EngineChange change) => change.DeliveryId == Id;

    private static string Format(DateTimeOffset time) => time.ToString("yyyy-MM-dd HH:mm:ss.fff 'UTC'");

    private static string HeaderText(string? json)
    {
        if (string.IsNullOrEmpty(json))
        {
            return "";
        }

        var headers = JsonSerializer.Deserialize<Dictionary<string, string[]>>(json) ?? [];
        return string.Join('\n', headers.SelectMany(h => h.Value.Select(v => $"{h.Key}: {v}")));
    }
}
