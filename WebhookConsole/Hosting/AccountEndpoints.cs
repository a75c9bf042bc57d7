using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Identity;
using WebhookConsole.Engine.Domain;

namespace WebhookConsole.Hosting;

/// <summary>The one account action that is not a page: signing out (a POST with an antiforgery token).</summary>
internal static class AccountEndpoints
{
    public static void MapAccountEndpoints(this WebApplication app) =>
        app.MapPost("/logout", async (HttpContext http, SignInManager<Operator> signIn, Audit.SignInAudit audit) =>
        {
            // The antiforgery middleware validated the token (the metadata below asks it to) but, with no form-bound
            // parameter here, nothing would act on a failure: refuse it, or another site could sign an operator out.
            if (http.Features.Get<IAntiforgeryValidationFeature>() is not { IsValid: true })
            {
                return Results.Text("The antiforgery token is missing or not valid; log out from the console.", statusCode: StatusCodes.Status400BadRequest);
            }

            await audit.RecordSignOutAsync(http);
            await signIn.SignOutAsync();
            return Results.LocalRedirect("/login");
        })
        .RequireAuthorization()
        .WithMetadata(new RequireAntiforgeryTokenAttribute());
}
