using Microsoft.AspNetCore.Identity;
using WebhookConsole.Engine.Domain;
using WebhookConsole.Engine.Persistence;

namespace WebhookConsole.Hosting;

/// <summary>ASP.NET Identity for operators: the password and lockout rules the login, setup and Settings → Operators share.</summary>
public static class OperatorIdentity
{
    /// <summary>Registers UserManager and RoleManager over the engine's database with the console's rules.</summary>
    public static IdentityBuilder AddOperatorIdentity(this IServiceCollection services) =>
        services.AddIdentityCore<Operator>(options =>
            {
                options.User.RequireUniqueEmail = true;
                options.Password.RequiredLength = PasswordRule.MinLength;
                options.Password.RequireNonAlphanumeric = false;
                options.Lockout.MaxFailedAccessAttempts = 5;
                options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(5);
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<WebhookDbContext>();
}
