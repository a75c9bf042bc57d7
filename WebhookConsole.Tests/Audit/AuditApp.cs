using Microsoft.EntityFrameworkCore;
using WebhookConsole.Engine.Domain;
using WebhookConsole.Engine.Persistence;
using WebhookConsole.Tests.Shared;

namespace WebhookConsole.Tests.Audit;

/// <summary>One real app for the audit tests of a class (xunit class fixture): its API clients and its audit rows.</summary>
public sealed class AuditApp : IAsyncLifetime
{
    public ConsoleApp App { get; } = new();

    public Uri BaseAddress { get; private set; } = null!;

    public HttpClient Api { get; private set; } = null!;

    public HttpClient Platform { get; private set; } = null!;

    public Guid OrganizationId => App.OrganizationId;

    public Task InitializeAsync()
    {
        BaseAddress = App.Start();
        Api = App.CreateApiClient(BaseAddress);
        Platform = ConsoleApp.CreatePlatformClient(BaseAddress);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        Api.Dispose();
        Platform.Dispose();
        await App.DisposeAsync();
    }

    public T Get<T>()
        where T : notnull => App.Services.GetRequiredService<T>();

    public async Task<WebhookDbContext> DbAsync() => await Get<IDbContextFactory<WebhookDbContext>>().CreateDbContextAsync();

    /// <summary>The chain's entries after <paramref name="afterSequence"/>, oldest first.</summary>
    public async Task<List<AuditEntry>> EntriesAsync(Guid organizationId, long afterSequence = 0)
    {
        await using var db = await DbAsync();
        return await db.AuditEntries.AsNoTracking().Where(e => e.OrganizationId == organizationId && e.Sequence > afterSequence)
            .OrderBy(e => e.Sequence).ToListAsync();
    }

    public async Task<long> HeadAsync(Guid organizationId)
    {
        await using var db = await DbAsync();
        return await db.AuditEntries.Where(e => e.OrganizationId == organizationId).MaxAsync(e => (long?)e.Sequence) ?? 0;
    }
}
