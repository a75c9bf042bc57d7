using AngleSharp.Dom;
using Bunit;
using Microsoft.AspNetCore.Components;

namespace WebhookConsole.Tests.Shared;

/// <summary>Drives Radzen's dropdowns in bUnit as an operator would: the option shown as a text clicked.</summary>
public static class RadzenControls
{
    /// <summary>Clicks the option shown as <paramref name="text"/> of the dropdown named <paramref name="name"/> (its <c>Name</c>).</summary>
    public static void Pick<T>(this IRenderedComponent<T> component, string name, string text)
        where T : IComponent =>
        Options(component.Find($"input#{name}").Closest(".rz-dropdown")!).Single(o => o.GetAttribute("aria-label") == text).Click();

    /// <summary>The dropdown whose accessible name is <paramref name="label"/>.</summary>
    public static IElement Dropdown<T>(this IRenderedComponent<T> component, string label)
        where T : IComponent =>
        component.Find($".rz-dropdown[aria-label='{label}']");

    /// <summary>Clicks the option shown as <paramref name="text"/> of the dropdown whose accessible name is <paramref name="label"/>.</summary>
    public static void PickIn<T>(this IRenderedComponent<T> component, string label, string text)
        where T : IComponent =>
        Options(component.Dropdown(label)).Single(o => o.GetAttribute("aria-label") == text).Click();

    private static IEnumerable<IElement> Options(IElement dropdown) => dropdown.QuerySelectorAll("li[role=option]");
}
