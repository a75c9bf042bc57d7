using Microsoft.AspNetCore.Identity;

namespace WebhookConsole.Tests.Shared;

/// <summary>
/// Identity's password hashing (PBKDF2, same format and rules) with fewer iterations in the apps and components the tests
/// start: at the production 100,000 a password costs about a quarter of a second of CPU on this 2-core machine, paid for
/// every bootstrap administrator, added operator and login of the suite. No test measures the hashing's cost, and a hash
/// made with more iterations (an upgraded release's database) still verifies.
/// </summary>
public static class FastPasswordHashing
{
    public const int Iterations = 1_000;

    public static IServiceCollection AddFastPasswordHashing(this IServiceCollection services) =>
        services.Configure<PasswordHasherOptions>(options => options.IterationCount = Iterations);
}
