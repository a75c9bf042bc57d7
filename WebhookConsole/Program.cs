using WebhookConsole.Engine.Configuration;
using WebhookConsole.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddWebhookConsole();

var app = builder.Build();
app.MapWebhookConsole();
try
{
    app.Run();
}
catch (StartupRefusedException)
{
    // Already logged by the host as one sentence saying what to do (e.g. a database migrated by a newer version).
    return StartupRefusedException.ExitCode;
}

return 0;

/// <summary>The entry point, visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
