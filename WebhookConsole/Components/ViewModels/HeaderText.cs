using System.Text.Json;

namespace WebhookConsole.Components.ViewModels;

/// <summary>Stored headers (a JSON object of name to values) written one <c>Name: value</c> per line, as on the wire.</summary>
public static class HeaderText
{
    public static string Of(string? json)
    {
        if (string.IsNullOrEmpty(json))
        {
            return "";
        }

        var headers = JsonSerializer.Deserialize<Dictionary<string, string[]>>(json) ?? [];
        return string.Join('\n', headers.SelectMany(h => h.Value.Select(v => $"{h.Key}: {v}")));
    }
}
