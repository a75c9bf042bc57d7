using System.Collections.Concurrent;
using System.Reflection;
using Microsoft.AspNetCore.Mvc;

namespace WebhookConsole.Api;

/// <summary>
/// Refuses query parameters a route does not take (<c>?stauts=failed</c>) with a <c>400</c> that names them, instead
/// of ignoring them and answering as if no filter was asked for. A route's parameters are its handler's
/// <c>[FromQuery]</c> arguments; the values themselves are checked by the handlers.
/// </summary>
internal sealed class QueryParameterFilter : IEndpointFilter
{
    private static readonly ConcurrentDictionary<MethodInfo, string[]> Known = new();

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (http.Request.Query.Count == 0 || http.GetEndpoint()?.Metadata.GetMetadata<MethodInfo>() is not { } handler)
        {
            return await next(context);
        }

        var known = Known.GetOrAdd(handler, QueryNamesOf);
        var unknown = http.Request.Query.Keys.Where(key => !known.Contains(key, StringComparer.Ordinal)).Order(StringComparer.Ordinal).ToList();
        if (unknown.Count == 0)
        {
            return await next(context);
        }

        var takes = known.Length == 0 ? "this route takes none" : "this route takes " + string.Join(", ", known);
        return ApiResults.BadRequest(unknown.Select(name => new Engine.Domain.FieldError(name, $"The query parameter '{name}' is not known: {takes}.")));
    }

    private static string[] QueryNamesOf(MethodInfo handler) =>
        [.. handler.GetParameters().Select(p => (Parameter: p, Query: p.GetCustomAttribute<FromQueryAttribute>()))
            .Where(p => p.Query is not null)
            .Select(p => p.Query!.Name ?? p.Parameter.Name!)];
}
