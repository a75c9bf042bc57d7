using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace WebhookConsole.Engine.Persistence;

/// <summary>Lets <c>dotnet ef</c> build the context without starting the web app.</summary>
internal sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<WebhookDbContext>
{
    public WebhookDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<WebhookDbContext>().UseSqlite("Data Source=design-time.db").Options);
}
