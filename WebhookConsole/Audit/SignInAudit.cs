using Microsoft.AspNetCore.Identity;
using WebhookConsole.Engine.Audit;
using WebhookConsole.Engine.Domain;
using WebhookConsole.Engine.Persistence;

namespace WebhookConsole.Audit;

/// <summary>
/// Records sign-ins, refused and accepted, and sign-outs. A known operator's go into their organization's chain; an
/// email nobody has goes into the platform chain, with the email typed (never the password; a value that is not an
/// email address is not kept, since it may be a password typed into the wrong field).
/// </summary>
internal sealed class SignInAudit(UserManager<Operator> users, WebhookDbContext db, AuditLog audit)
{
    public async Task RecordSignInAsync(string email, SignInResult result, HttpContext? http)
    {
        var address = ConsoleActors.AddressOf(http);
        var user = await users.FindByEmailAsync(email);
        var outcome = result.Succeeded ? AuditLog.Success : AuditLog.Failure;
        var action = result.Succeeded ? AuditAction.SignInSucceeded : AuditAction.SignInFailed;
        var reason = result.Succeeded ? null : user is null ? "unknown_email" : result.IsLockedOut ? "locked_out" : result.IsNotAllowed ? "not_allowed" : "wrong_password";
        if (user is null)
        {
            var typed = email.Contains('@') && email.Length <= 256 ? email : "(not an email address)";
            audit.Record(db, AuditLog.PlatformChain, action, new AuditTarget(AuditTargetType.Operator, null, typed), new { Reason = reason }, outcome,
                AuditActor.Anonymous(typed, address));
        }
        else
        {
            var target = new AuditTarget(AuditTargetType.Operator, user.Id, user.Email);
            audit.Record(db, user.OrganizationId, action, target, reason is null ? null : new { Reason = reason }, outcome,
                AuditActor.Operator(user.Id, user.Email ?? email, address));
        }

        await db.SaveChangesAsync();
    }

    public async Task RecordSignOutAsync(HttpContext http)
    {
        var actor = ConsoleActors.Of(http.User, ConsoleActors.AddressOf(http));
        if (await users.GetUserAsync(http.User) is { } user)
        {
            audit.Record(db, user.OrganizationId, AuditAction.SignedOut, new AuditTarget(AuditTargetType.Operator, user.Id, user.Email), actor: actor);
            await db.SaveChangesAsync();
        }
    }
}
