using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.OpenApi;

namespace WebhookConsole.Api.OpenApi;

/// <summary>
/// The OpenAPI document of the REST API at <c>/openapi/v1.json</c> and Swagger UI at <c>/swagger</c>. Both are public:
/// they are mapped outside the API-key group and are not console pages, so neither a key nor a login is needed.
/// </summary>
internal static class ApiDocumentation
{
    public const string DocumentName = "v1";
    public const string DocumentPath = "/openapi/v1.json";

    private static readonly Dictionary<string, string> ErrorMeanings = new()
    {
        ["400"] = "Bad input: the message names the field, query parameter or header and the rule it breaks. Nothing was written.",
        ["401"] = "The SlashID-API-Key header is missing or holds no valid key.",
        ["403"] = "The API key belongs to another organization than SlashID-OrgID.",
        ["404"] = "No such webhook or delivery in this organization.",
        ["409"] = "Conflicts with the current state: a duplicate target URL, or a switched-on websub webhook.",
        ["413"] = "The request body is larger than 256 KiB.",
        ["415"] = "The request body is not JSON (Content-Type: application/json).",
        ["429"] = "Over the rate limit; Retry-After says in how many seconds to try again.",
        ["502"] = "A webhook failed after its attempts, or two webhooks answered the same key differently.",
    };

    public static IServiceCollection AddApiDocumentation(this IServiceCollection services) =>
        services.AddOpenApi(DocumentName, options =>
        {
            // Only the REST API: the console's own endpoints (logout, pages) are not part of it.
            options.ShouldInclude = description => description.GroupName == DocumentName;
            options.AddDocumentTransformer((document, _, _) =>
            {
                Describe(document);
                return Task.CompletedTask;
            });
            options.AddSchemaTransformer((schema, context, _) =>
            {
                // UtcMillisecondsJsonConverter hides the type from the schema exporter; the format alone survives.
                if (context.JsonTypeInfo.Type == typeof(DateTimeOffset) || context.JsonTypeInfo.Type == typeof(DateTimeOffset?))
                {
                    schema.Type = context.JsonTypeInfo.Type == typeof(DateTimeOffset) ? JsonSchemaType.String : JsonSchemaType.String | JsonSchemaType.Null;
                    schema.Format = "date-time";
                }

                // The web defaults let the serializer read numbers from strings; the handlers read bodies themselves and do not.
                if (context.JsonTypeInfo.Type == typeof(int) || context.JsonTypeInfo.Type == typeof(int?))
                {
                    schema.Type &= ~JsonSchemaType.String;
                    schema.Pattern = null;
                }

                // A string field with a fixed set of words ([AllowedValues]) is an enum in the document.
                if (context.JsonPropertyInfo?.AttributeProvider?.GetCustomAttributes(typeof(AllowedValuesAttribute), false)
                    .OfType<AllowedValuesAttribute>().FirstOrDefault() is { } allowed)
                {
                    schema.Enum = [.. allowed.Values.Select(value => (JsonNode)value!.ToString()!)];
                }

                return Task.CompletedTask;
            });
            options.AddOperationTransformer((operation, _, _) =>
            {
                AddCommonParts(operation);
                return Task.CompletedTask;
            });
        });

    public static WebApplication MapApiDocumentation(this WebApplication app)
    {
        app.MapOpenApi("/openapi/{documentName}.json");
        app.UseSwaggerUI(options =>
        {
            options.RoutePrefix = "swagger";
            options.SwaggerEndpoint(DocumentPath, "WebhookConsole REST API v1");
            options.DocumentTitle = "WebhookConsole REST API";
        });
        return app;
    }

    private static void Describe(OpenApiDocument document)
    {
        document.Info = new OpenApiInfo
        {
            Title = "WebhookConsole REST API",
            Version = "v1",
            Description = "Webhooks for identity events in SlashID's shape (a SlashID-compatible API). Every call carries SlashID-OrgID and SlashID-API-Key. "
                + "Successes answer {\"result\": …} (lists add meta), failures {\"errors\": [{\"httpcode\", \"message\"}]}.",
        };
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes = new Dictionary<string, IOpenApiSecurityScheme>
        {
            [ApiKeyFilter.OrganizationHeader] = Header(ApiKeyFilter.OrganizationHeader, "The organization id (a UUID)."),
            [ApiKeyFilter.ApiKeyHeader] = Header(ApiKeyFilter.ApiKeyHeader, "An API key of that organization."),
        };
        document.Security =
        [
            new OpenApiSecurityRequirement
            {
                [new OpenApiSecuritySchemeReference(ApiKeyFilter.OrganizationHeader, document)] = [],
                [new OpenApiSecuritySchemeReference(ApiKeyFilter.ApiKeyHeader, document)] = [],
            },
        ];
    }

    private static OpenApiSecurityScheme Header(string name, string description) =>
        new() { Type = SecuritySchemeType.ApiKey, In = ParameterLocation.Header, Name = name, Description = description };

    /// <summary>SlashID's consistency headers on every operation, and what each error status means, with an example.</summary>
    private static void AddCommonParts(OpenApiOperation operation)
    {
        operation.Parameters ??= [];
        operation.Parameters.Add(HeaderParameter(
            ConsistencyFilter.ConsistencyHeader,
            "The consistency level required: local_region (default) or all_regions. This hub has one region, so both are met at once.",
            new OpenApiSchema
            {
                Type = JsonSchemaType.String,
                Enum = [.. ConsistencyFilter.ConsistencyLevels.Select(level => (JsonNode)level)],
                Default = "local_region",
            }));
        operation.Parameters.Add(HeaderParameter(
            ConsistencyFilter.TimeoutHeader,
            "Seconds to wait for the consistency level: 1 to 120, default 30.",
            new OpenApiSchema
            {
                Type = JsonSchemaType.Integer,
                Minimum = ConsistencyFilter.MinTimeout.ToString(CultureInfo.InvariantCulture),
                Maximum = ConsistencyFilter.MaxTimeout.ToString(CultureInfo.InvariantCulture),
                Default = 30,
            }));

        foreach (var parameter in operation.Parameters.OfType<OpenApiParameter>())
        {
            // The handlers bind query values as text to answer a bad one with a sentence; the document gives their real types.
            parameter.Schema = parameter.Name switch
            {
                "limit" => new OpenApiSchema { Type = JsonSchemaType.Integer, Minimum = "1", Maximum = "500", Default = 50 },
                "offset" => new OpenApiSchema { Type = JsonSchemaType.Integer, Minimum = "0", Default = 0 },
                "since" or "until" => new OpenApiSchema { Type = JsonSchemaType.String, Format = "date-time" },
                _ => parameter.Schema,
            };
        }

        foreach (var (status, response) in operation.Responses ?? [])
        {
            if (ErrorMeanings.TryGetValue(status, out var meaning) && response is OpenApiResponse writable)
            {
                writable.Description = meaning;
                if (writable.Content?.TryGetValue("application/json", out var media) == true)
                {
                    var code = int.Parse(status, CultureInfo.InvariantCulture);
                    media.Example = new JsonObject
                    {
                        ["errors"] = new JsonArray(new JsonObject { ["httpcode"] = code, ["message"] = ApiExamples.Error(code) }),
                    };
                }
            }
        }
    }

    private static OpenApiParameter HeaderParameter(string name, string description, OpenApiSchema schema) =>
        new() { Name = name, In = ParameterLocation.Header, Description = description, Schema = schema };
}
