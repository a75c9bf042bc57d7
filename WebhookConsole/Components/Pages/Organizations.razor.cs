using Microsoft.AspNetCore.Components;
using Radzen;
using WebhookConsole.Components.ViewModels;
using WebhookConsole.Engine.Domain;
using WebhookConsole.Engine.Notifications;
using WebhookConsole.Engine.Organizations;

namespace WebhookConsole.Components.Pages;

/// <summary>
/// Organizations (platform operators only; anyone else gets 404): every organization with its counts of webhooks,
/// events and failed deliveries; create (root or sub-organization), rename, disable and enable, open one to work in it.
/// </summary>
public sealed partial class Organizations
{
    private IReadOnlyList<OrganizationSummary>? organizations;
    private IReadOnlyList<FieldError> errors = [];
    private IReadOnlyList<FieldError> renameErrors = [];
    private string? handle;
    private string? name;
    private Guid? parent;

    private IReadOnlyList<Choice<Guid?>> ParentChoices => (organizations ?? []).Select(o => new Choice<Guid?>(o.Id, o.Handle)).ToList();
    private Guid? renaming;
    private string? newName;
    private bool busy;
    private string? message;
    private bool messageIsError;

    [Inject]
    public required OrganizationService OrganizationService { get; init; }

    [Inject]
    public required DialogService Dialogs { get; init; }

    protected override bool IsNotFound => !IsPlatformOperator;

    protected override async Task LoadAsync()
    {
        if (IsPlatformOperator)
        {
            organizations = await OrganizationService.ListAsync();
        }
    }

    // Counts change with every event; the list reloads on organization changes and after each command.
    protected override bool IsRelevant(EngineChange change) => change.Kind == EngineChangeKind.OrganizationChanged;


    private async Task CreateAsync()
    {
        if (!IsPlatformOperator)
        {
            return;
        }

        var parentId = parent;
        await RunAsync(async () =>
        {
            var created = await OrganizationService.CreateAsync(name, handle, parentId);
            errors = created.Errors;
            if (created.Succeeded)
            {
                Say($"Organization {created.Value!.Handle} created. Open it to add its operators and API keys in Settings.");
                handle = name = null;
                parent = null;
            }
        });
    }

    private void StartRename(OrganizationSummary organization)
    {
        renaming = organization.Id;
        newName = organization.Name;
        renameErrors = [];
    }

    private async Task RenameAsync(OrganizationSummary organization) => await RunAsync(async () =>
    {
        var renamed = await OrganizationService.RenameAsync(organization.Id, newName);
        renameErrors = renamed.Errors;
        if (renamed.Succeeded)
        {
            renaming = null;
            Say($"Organization {organization.Handle} is now called {renamed.Value!.Name}.");
        }
    });

    private async Task SetDisabledAsync(OrganizationSummary organization)
    {
        var disable = !organization.IsDisabled;
        var question = disable
            ? $"Disable {organization.Handle}? Its events are refused and its deliveries wait until it is enabled again; nothing is deleted."
            : $"Enable {organization.Handle}? Its events are accepted again and its waiting deliveries go out.";
        if (await Dialogs.Confirm(question, disable ? "Disable organization" : "Enable organization",
                new ConfirmOptions { OkButtonText = disable ? "Disable" : "Enable", CancelButtonText = "Cancel" }) != true)
        {
            return;
        }

        await RunAsync(async () =>
        {
            var changed = await OrganizationService.SetDisabledAsync(organization.Id, disable);
            Say(changed.Succeeded ? $"Organization {organization.Handle} {(disable ? "disabled" : "enabled")}." : string.Join(" ", changed.Errors.Select(e => e.Message)),
                !changed.Succeeded);
        });
    }

    private void Say(string text, bool isError = false)
    {
        message = text;
        messageIsError = isError;
    }

    private async Task RunAsync(Func<Task> command)
    {
        busy = true;
        try
        {
            await command();
            await LoadAsync();
        }
        finally
        {
            busy = false;
        }
    }
}
