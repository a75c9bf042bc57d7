using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using WebhookConsole.Engine.Notifications;
using WebhookConsole.Engine.Security;
using WebhookConsole.Hosting;

namespace WebhookConsole.Components;

/// <summary>Base of the console's pages: the signed-in operator's organization and live refresh from the engine.</summary>
public abstract class ConsolePage : ComponentBase, IDisposable
{
    private LiveRefresh? _liveRefresh;

    [CascadingParameter]
    public Task<AuthenticationState>? AuthenticationState { get; set; }

    [Inject]
    public required EngineNotifier Notifier { get; init; }

    [Inject]
    public required NavigationManager Addresses { get; init; }

    protected Guid OrganizationId { get; private set; }

    /// <summary>True for an admin; a viewer sees every page with its change buttons disabled, and handlers refuse.</summary>
    protected bool CanChange { get; private set; }

    /// <summary>True for a platform operator, who manages the hub's organizations.</summary>
    protected bool IsPlatformOperator { get; private set; }

    /// <summary>The signed-in operator's user name (their email).</summary>
    protected string OperatorName { get; private set; } = "";

    protected override async Task OnInitializedAsync()
    {
        var state = await (AuthenticationState ?? throw new InvalidOperationException("No authentication state."));
        OrganizationId = state.User.GetOrganizationId();
        CanChange = state.User.CanChange();
        IsPlatformOperator = state.User.IsPlatformOperator();
        OperatorName = state.User.Identity?.Name ?? "";
        await LoadOrExplainAsync();
        if (IsNotFound)
        {
            // Another organization's id is answered exactly like an id that does not exist: 404, nothing of it shown.
            Addresses.NotFound();
            return;
        }

        _liveRefresh = new LiveRefresh(Notifier, change => (change.OrganizationId == OrganizationId || change.OrganizationId == Guid.Empty) && IsRelevant(change),
            async () => { await LoadOrExplainAsync(); StateHasChanged(); }, InvokeAsync);
    }

    /// <summary>
    /// Why the page cannot show what it loaded: a stored payload or body that does not decrypt where it is stored (copied
    /// from another row, changed, or written under another master key). The page says so instead of showing its content.
    /// </summary>
    protected string? Unreadable { get; private set; }

    /// <summary>True when the page's subject (a webhook, a delivery …) is not in the operator's organization, or nowhere.</summary>
    protected virtual bool IsNotFound => false;

    /// <summary>Loads what the page shows; called at start and whenever a relevant change arrives.</summary>
    protected abstract Task LoadAsync();

    /// <summary>Which engine changes make this page reload: those of the operator's organization and system-wide ones (empty organization id).</summary>
    protected abstract bool IsRelevant(EngineChange change);

    private async Task LoadOrExplainAsync()
    {
        try
        {
            await LoadAsync();
            Unreadable = null;
        }
        catch (StoredValueException refused)
        {
            // The message names the column and the row, never the value.
            Unreadable = refused.Message;
        }
    }

    public void Dispose()
    {
        _liveRefresh?.Dispose();
        GC.SuppressFinalize(this);
    }
}
