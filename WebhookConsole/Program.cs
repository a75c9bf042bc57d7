using WebhookConsole.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddWebhookConsole();

var app = builder.Build();
app.MapWebhookConsole();
app.Run();

/// <summary>The entry point, visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
