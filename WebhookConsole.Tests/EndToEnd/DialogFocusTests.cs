using Microsoft.Playwright;
using WebhookConsole.Engine.Domain;
using WebhookConsole.Engine.Webhooks;
using WebhookConsole.Tests.Shared;
using static Microsoft.Playwright.Assertions;

namespace WebhookConsole.Tests.EndToEnd;

/// <summary>
/// Radzen moves the focus to a dialog's first field half a second after the dialog opens. In Chromium with the page's
/// clock paused, so that half second passes exactly when the test says: an operator who clicked into another field
/// first keeps typing there; one who did not finds the focus on the first field.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class DialogFocusTests(BrowserFixture browser) : RunningConsoleApp
{
    [Fact]
    public async Task EditDialog_OperatorTypesInAFieldBeforeTheDialogSettles_KeepsTheFocusAndWhatTheyTyped()
    {
        var webhooks = App.Services.GetRequiredService<WebhookService>();
        var id = (await webhooks.CreateAsync(App.OrganizationId, new() { Name = "Orders API", TargetUrl = "https://orders.example.test/hook", Format = WebhookFormat.Jwt, Channels = ["login"] })).Value!.Webhook.Id;
        var (context, page) = await browser.LogInAsync(BaseAddress);
        await using var _ = context;
        await page.Clock.InstallAsync();
        await page.GotoAsync($"webhooks/{id}");
        var edit = page.GetByRole(AriaRole.Button, new() { Name = "Edit" });
        await Expect(edit).ToBeEnabledAsync();
        await page.Clock.PauseAtAsync(DateTimeOffset.FromUnixTimeMilliseconds(await page.EvaluateAsync<long>("Date.now()") + 3_000).UtcDateTime);

        await edit.ClickAsync();
        var maxInFlight = page.GetByRole(AriaRole.Dialog).GetByLabel("Max in flight");
        await maxInFlight.FillAsync("7");
        await page.Clock.RunForAsync(1_000);
        await Expect(maxInFlight).ToBeFocusedAsync();
        await page.Keyboard.TypeAsync("5");
        await Expect(maxInFlight).ToHaveValueAsync("75");
        await Expect(page.GetByRole(AriaRole.Dialog).GetByLabel("Name", new() { Exact = true })).ToHaveValueAsync("Orders API");
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(page.Locator("[data-setting=max-in-flight]")).ToHaveTextAsync("75 requests at once");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Orders API" })).ToBeVisibleAsync();

        // Left alone, the dialog still puts the focus on its first field.
        await edit.ClickAsync();
        await Expect(page.GetByRole(AriaRole.Dialog)).ToBeVisibleAsync();
        await page.Clock.RunForAsync(1_000);
        await Expect(page.GetByRole(AriaRole.Dialog).GetByLabel("Name", new() { Exact = true })).ToBeFocusedAsync();
    }
}
