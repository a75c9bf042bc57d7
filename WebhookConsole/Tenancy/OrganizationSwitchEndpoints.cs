using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Identity;
using WebhookConsole.Engine.Domain;
using WebhookConsole.Hosting;

namespace WebhookConsole.Tenancy;

/// <summary>
/// <c>POST /organization</c>: the header's switcher (and the Organizations page's Open) chooses the organization the
/// console shows. Only one the operator may work in; the sign-in cookie is renewed with it.
/// </summary>
internal static class OrganizationSwitchEndpoints
{
    public const string Path = "/organization";

    public static void MapOrganizationSwitch(this WebApplication app) =>
        app.MapPost(Path, async (HttpContext http, UserManager<Operator> users, SignInManager<Operator> signIn, OrganizationAccess access) =>
        {
            // As for logout: with no form-bound parameter nothing else would act on a failed antiforgery check.
            if (http.Features.Get<IAntiforgeryValidationFeature>() is not { IsValid: true })
            {
                return Results.Text("The antiforgery token is missing or not valid; switch organizations from the console.", statusCode: StatusCodes.Status400BadRequest);
            }

            var form = await http.Request.ReadFormAsync(http.RequestAborted);
            var user = await users.GetUserAsync(http.User);
            if (user is null || !Guid.TryParse(form["organization_id"], out var chosen)
                || !await access.MayWorkInAsync(user.OrganizationId, http.User.IsPlatformOperator(), chosen, http.RequestAborted))
            {
                // Another organization's id is answered like one that does not exist.
                return Results.NotFound();
            }

            user.ActiveOrganizationId = chosen == user.OrganizationId ? null : chosen;
            await users.UpdateAsync(user);
            await signIn.RefreshSignInAsync(user);
            var returnTo = form["return_to"].ToString();
            return Results.LocalRedirect(returnTo.StartsWith('/') && !returnTo.StartsWith("//", StringComparison.Ordinal) ? returnTo : "/");
        })
        .RequireAuthorization()
        .WithMetadata(new RequireAntiforgeryTokenAttribute());
}
