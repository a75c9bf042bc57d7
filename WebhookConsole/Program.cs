using Microsoft.Extensions.Options;
using WebhookConsole.Engine.Configuration;
using WebhookConsole.Hosting;

// A start refused on purpose (a wrong setting, a database migrated by a newer version) ends the process with one
// sentence saying what to change and exit code 3, which the systemd unit does not restart, not with an unhandled
// exception's stack trace. (Under the tests' WebApplicationFactory the exception reaches the factory instead.)
AppDomain.CurrentDomain.UnhandledException += (_, unhandled) =>
{
    if (unhandled.ExceptionObject is StartupRefusedException or OptionsValidationException)
    {
        var refused = (Exception)unhandled.ExceptionObject;
        var reasons = refused is OptionsValidationException invalid ? invalid.Failures : [refused.Message];
        Console.Error.WriteLine($"WebhookConsole will not start: {string.Join(" ", reasons)} (the settings: README.md, Configuration)");
        Environment.Exit(StartupRefusedException.ExitCode);
    }
};

// Settings are read once, at start-up. Reloading appsettings.json on change would watch the whole content root, and
// with it the SQLite database in data/: a file watcher woken by every write cost about 15% of the CPU per delivery
// (docs/performance.md). A later --hostBuilder:reloadConfigOnChange=true on the command line still wins.
var builder = WebApplication.CreateBuilder(["--hostBuilder:reloadConfigOnChange=false", .. args]);
builder.AddWebhookConsole();

var app = builder.Build();
app.MapWebhookConsole();
// Every setting is checked before anything starts, so a wrong one stops the node with a sentence naming it rather than
// a failed host's log.
app.Services.GetService<IStartupValidator>()?.Validate();
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
