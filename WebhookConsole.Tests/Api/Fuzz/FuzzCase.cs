using System.Net.Http.Headers;
using WebhookConsole.Tests.Shared;

namespace WebhookConsole.Tests.Api.Fuzz;

/// <summary>
/// One malformed request of the fuzz suite. <c>{jwt}</c>, <c>{websub}</c> and <c>{unknown}</c> in the path stand for the
/// fixture's webhook ids and a fixed unknown id. <see cref="Envelope"/> is false where the server, not the API, answers
/// (an oversized header is refused by Kestrel before any route runs).
/// </summary>
public sealed record FuzzCase(string Name, string Method, string Path, byte[]? Body)
{
    public const string UnknownId = "0194d7a8-0000-7000-8000-000000000001";

    public string ContentType { get; init; } = "application/json";

    public bool WithCredentials { get; init; } = true;

    public (string Name, string Value)[] Headers { get; init; } = [];

    public bool Envelope { get; init; } = true;

    public HttpRequestMessage ToRequest(BadInputApp fixture)
    {
        var path = Path.Replace("{jwt}", fixture.JwtId).Replace("{websub}", fixture.WebSubId).Replace("{unknown}", UnknownId);
        var request = new HttpRequestMessage(new HttpMethod(Method), path);
        if (Body is not null)
        {
            request.Content = new ByteArrayContent(Body);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(ContentType);
        }

        if (WithCredentials)
        {
            request.Headers.Add("SlashID-OrgID", fixture.App.OrganizationId.ToString());
            request.Headers.Add("SlashID-API-Key", ConsoleApp.ApiKey);
        }

        foreach (var (name, value) in Headers)
        {
            request.Headers.Remove(name);
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return request;
    }

    public override string ToString() => Name;
}
