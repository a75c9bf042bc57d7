using Microsoft.AspNetCore.Identity;
using WebhookConsole.Engine.Domain;

namespace WebhookConsole.Hosting;

/// <summary>The one account action that is not a page: signing out (a POST with an antiforgery token).</summary>
internal static class AccountEndpoints
{
    public static void MapAccountEndpoints(this WebApplication app) =>
        app.MapPost("/logout", async (SignInManager<Operator> signIn) =>
        {
            await signIn.SignOutAsync();
            return TypedResults.LocalRedirect("/login");
        }).RequireAuthorization();
}
