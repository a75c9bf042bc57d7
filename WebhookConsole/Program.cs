using Microsoft.Extensions.Options;
using WebhookConsole.Engine.Configuration;
using WebhookConsole.Hosting;

WebApplication app;
try
{
    // Settings are read once, at start-up. Reloading appsettings.json on change would watch the whole content root, and
    // with it the SQLite database in data/: a file watcher woken by every write cost about 15% of the CPU per delivery
    // (docs/performance.md). A later --hostBuilder:reloadConfigOnChange=true on the command line still wins.
    var builder = WebApplication.CreateBuilder(["--hostBuilder:reloadConfigOnChange=false", .. args]);
    builder.AddWebhookConsole();
    app = builder.Build();
    app.MapWebhookConsole();
    // Every setting is checked before anything starts, so a wrong one stops the node with a sentence naming it rather
    // than a failed host's stack trace.
    app.Services.GetService<IStartupValidator>()?.Validate();
}
catch (Exception refused) when (refused is StartupRefusedException or OptionsValidationException)
{
    var reasons = refused is OptionsValidationException invalid ? invalid.Failures : [refused.Message];
    Console.Error.WriteLine($"WebhookConsole will not start: {string.Join(" ", reasons)} (the settings: README.md, Configuration)");
    return StartupRefusedException.ExitCode;
}

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
