using Microsoft.AspNetCore.Routing.Matching;

namespace WebhookConsole.Api;

/// <summary>Marks the REST API's endpoints, for <see cref="ApiOrPagePolicy"/>.</summary>
internal sealed class RestApiEndpointMetadata;

/// <summary>
/// <c>GET /deliveries/{id}</c> is both the API's delivery (SlashID's route) and the console's delivery page. A browser
/// navigation (it accepts <c>text/html</c> and carries no SlashID header) gets the page; any other request the API.
/// Only where one path matches both an API endpoint and a page; elsewhere routing is untouched.
/// </summary>
internal sealed class ApiOrPagePolicy : MatcherPolicy, IEndpointSelectorPolicy
{
    public override int Order => 0;

    public bool AppliesToEndpoints(IReadOnlyList<Endpoint> endpoints) =>
        endpoints.Any(IsApi) && endpoints.Any(e => !IsApi(e));

    public Task ApplyAsync(HttpContext httpContext, CandidateSet candidates)
    {
        var valid = Enumerable.Range(0, candidates.Count).Where(candidates.IsValidCandidate).ToList();
        if (valid.All(i => IsApi(candidates[i].Endpoint)) || valid.All(i => !IsApi(candidates[i].Endpoint)))
        {
            return Task.CompletedTask;
        }

        var wantsApi = !IsBrowserNavigation(httpContext.Request);
        foreach (var i in valid.Where(i => IsApi(candidates[i].Endpoint) != wantsApi))
        {
            candidates.SetValidity(i, false);
        }

        return Task.CompletedTask;
    }

    private static bool IsApi(Endpoint endpoint) => endpoint.Metadata.GetMetadata<RestApiEndpointMetadata>() is not null;

    private static bool IsBrowserNavigation(HttpRequest request) =>
        !request.Headers.ContainsKey(ApiKeyFilter.OrganizationHeader)
        && !request.Headers.ContainsKey(ApiKeyFilter.ApiKeyHeader)
        && request.Headers.Accept.Any(value => value?.Contains("text/html", StringComparison.OrdinalIgnoreCase) == true);
}
