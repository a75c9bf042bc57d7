using WebhookConsole.Api;
using WebhookConsole.Api.OpenApi;
using WebhookConsole.Engine.Domain;
using WebhookConsole.Engine.Organizations;
using WebhookConsole.Engine.Security;
using WebhookConsole.Operators;

namespace WebhookConsole.Tenancy;

/// <summary>
/// The platform API: <c>/platform/organizations</c> lists, creates, renames, disables and enables organizations, and
/// gives a new organization its first API key and operators. Platform API key or platform operator session only.
/// </summary>
internal static class PlatformEndpoints
{
    private static readonly IReadOnlyList<string> CreateFields = ["handle", "name", "parent_id"];
    private static readonly IReadOnlyList<string> RenameFields = ["name"];
    private static readonly IReadOnlyList<string> KeyFields = ["name", "role"];
    private static readonly IReadOnlyList<string> OperatorFields = ["email", "password", "role"];

    public static WebApplication MapPlatformApi(this WebApplication app)
    {
        var platform = app.MapGroup("/platform/organizations")
            .AddEndpointFilter<PlatformAuthFilter>()
            .AddEndpointFilter<QueryParameterFilter>()
            .DisableAntiforgery()
            .WithGroupName(ApiDocumentation.DocumentName)
            .WithTags(ApiTags.Platform)
            .WithMetadata(new RestApiEndpointMetadata());
        platform.MapGet("", ListAsync).DocumentPlatform("ListOrganizations", "List the hub's organizations",
            "Every organization with its parent, depth, whether it is disabled, and its counts of webhooks, events and failed deliveries.")
            .Produces<ApiResults.ResultEnvelope<IReadOnlyList<OrganizationResource>>>();
        platform.MapPost("", CreateAsync).DocumentPlatform<CreateOrganizationBody>("CreateOrganization", "Create an organization",
            "A root organization, or with parent_id a sub-organization one level below its parent. 409 when the handle is taken.")
            .Produces<ApiResults.ResultEnvelope<OrganizationResource>>(StatusCodes.Status201Created).ProducesErrors(StatusCodes.Status409Conflict);
        platform.MapGet("/{organization_id:guid}", GetAsync).DocumentPlatform("GetOrganization", "One organization, with its counts", "")
            .Produces<ApiResults.ResultEnvelope<OrganizationResource>>().ProducesErrors(StatusCodes.Status404NotFound);
        platform.MapPatch("/{organization_id:guid}", RenameAsync).DocumentPlatform<RenameOrganizationBody>("RenameOrganization", "Rename an organization",
            "Changes the display name; the handle and the id, which receivers see in WebSub topics and JWT audiences, never change.")
            .Produces<ApiResults.ResultEnvelope<OrganizationResource>>().ProducesErrors(StatusCodes.Status404NotFound);
        platform.MapPost("/{organization_id:guid}/disable", (Guid organization_id, OrganizationService organizations, HttpContext http) =>
                SetDisabledAsync(organization_id, true, organizations, http))
            .DocumentPlatform("DisableOrganization", "Disable an organization",
                "Its events are refused (403 naming the organization) and its deliveries wait; nothing is deleted. Its operators and API keys can still read.")
            .Produces<ApiResults.ResultEnvelope<OrganizationResource>>().ProducesErrors(StatusCodes.Status404NotFound);
        platform.MapPost("/{organization_id:guid}/enable", (Guid organization_id, OrganizationService organizations, HttpContext http) =>
                SetDisabledAsync(organization_id, false, organizations, http))
            .DocumentPlatform("EnableOrganization", "Enable an organization again", "Its events are accepted again and its waiting deliveries go out.")
            .Produces<ApiResults.ResultEnvelope<OrganizationResource>>().ProducesErrors(StatusCodes.Status404NotFound);
        platform.MapPost("/{organization_id:guid}/api-keys", CreateKeyAsync).DocumentPlatform<CreateOrganizationKeyBody>("CreateOrganizationApiKey",
                "Create an API key for an organization", "The key is in the answer this once; only its SHA-256 is stored.")
            .Produces<ApiResults.ResultEnvelope<CreatedOrganizationKey>>(StatusCodes.Status201Created).ProducesErrors(StatusCodes.Status404NotFound);
        platform.MapPost("/{organization_id:guid}/operators", AddOperatorAsync).DocumentPlatform<CreateOrganizationOperatorBody>("CreateOrganizationOperator",
                "Add an operator (admin or viewer) to an organization", "The operator signs in to the console and sees this organization and its sub-organizations only.")
            .Produces<ApiResults.ResultEnvelope<OrganizationOperator>>(StatusCodes.Status201Created).ProducesErrors(StatusCodes.Status404NotFound);
        return app;
    }

    private static async Task<IResult> ListAsync(OrganizationService organizations, HttpContext http) =>
        ApiResults.Result((await organizations.ListAsync(cancellationToken: http.RequestAborted)).Select(OrganizationResource.From).ToList());

    private static async Task<IResult> GetAsync(Guid organization_id, OrganizationService organizations, HttpContext http) =>
        (await organizations.ListAsync(new HashSet<Guid> { organization_id }, http.RequestAborted)).SingleOrDefault() is { } found
            ? ApiResults.Result(OrganizationResource.From(found))
            : NotFound();

    private static async Task<IResult> CreateAsync(HttpContext http, OrganizationService organizations)
    {
        var (body, error) = await JsonFields.ReadAsync(http.Request, CreateFields,
            f => (Handle: f.String("handle"), Name: f.String("name"), Parent: f.Guid("parent_id")));
        if (error is not null)
        {
            return error;
        }

        var created = await organizations.CreateAsync(body.Name, body.Handle, body.Parent, http.RequestAborted);
        return created.Succeeded ? ApiResults.Result(OrganizationResource.From(created.Value!), StatusCodes.Status201Created) : ApiResults.From(created);
    }

    private static async Task<IResult> RenameAsync(Guid organization_id, HttpContext http, OrganizationService organizations)
    {
        var (name, error) = await JsonFields.ReadAsync(http.Request, RenameFields, f => f.String("name"));
        if (error is not null)
        {
            return error;
        }

        var renamed = await organizations.RenameAsync(organization_id, name, http.RequestAborted);
        return renamed.Succeeded ? ApiResults.Result(OrganizationResource.From(renamed.Value!)) : ApiResults.From(renamed);
    }

    private static async Task<IResult> SetDisabledAsync(Guid organizationId, bool disabled, OrganizationService organizations, HttpContext http)
    {
        var changed = await organizations.SetDisabledAsync(organizationId, disabled, http.RequestAborted);
        return changed.Succeeded ? ApiResults.Result(OrganizationResource.From(changed.Value!)) : ApiResults.From(changed);
    }

    private static async Task<IResult> CreateKeyAsync(Guid organization_id, HttpContext http, OrganizationService organizations, ApiKeyService keys)
    {
        var (body, error) = await JsonFields.ReadAsync(http.Request, KeyFields, f => (Name: f.String("name"), Role: f.String("role")));
        if (error is not null)
        {
            return error;
        }

        if (await organizations.GetAsync(organization_id, http.RequestAborted) is null)
        {
            return NotFound();
        }

        var created = await keys.CreateAsync(organization_id, body.Name, body.Role ?? ApiKeyRoles.Admin, http.RequestAborted);
        return created.Succeeded
            ? ApiResults.Result(new CreatedOrganizationKey(created.Value!.Key.Id, created.Value.Key.Name, created.Value.Key.Role, created.Value.Secret), StatusCodes.Status201Created)
            : ApiResults.From(created);
    }

    private static async Task<IResult> AddOperatorAsync(Guid organization_id, HttpContext http, OrganizationService organizations, OperatorService operators)
    {
        var (body, error) = await JsonFields.ReadAsync(http.Request, OperatorFields,
            f => (Email: f.String("email"), Password: f.String("password"), Role: f.String("role")));
        if (error is not null)
        {
            return error;
        }

        if (await organizations.GetAsync(organization_id, http.RequestAborted) is null)
        {
            return NotFound();
        }

        var role = body.Role ?? Hosting.OperatorRoles.Admin;
        var errors = await operators.AddAsync(organization_id, body.Email, body.Password, role);
        return errors.Count == 0
            ? ApiResults.Result(new OrganizationOperator(body.Email!.Trim(), role, organization_id), StatusCodes.Status201Created)
            : ApiResults.BadRequest(errors);
    }

    private static IResult NotFound() => ApiResults.Error(StatusCodes.Status404NotFound, "No organization has this id.");

    private static RouteHandlerBuilder DocumentPlatform(this RouteHandlerBuilder endpoint, string name, string summary, string description) => endpoint
        .WithName(name).WithSummary(summary).WithDescription(description + " Authenticated by a platform API key in SlashID-API-Key, or a platform operator's console session.")
        .ProducesErrors(StatusCodes.Status400BadRequest, StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden);

    private static RouteHandlerBuilder DocumentPlatform<TBody>(this RouteHandlerBuilder endpoint, string name, string summary, string description) =>
        endpoint.DocumentPlatform(name, summary, description).WithJsonBody<TBody>().ProducesErrors(StatusCodes.Status413PayloadTooLarge, StatusCodes.Status415UnsupportedMediaType);
}
