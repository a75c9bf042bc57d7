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
        Options(component.Find($"input#{name}")).Single(o => o.GetAttribute("aria-label") == text).Click();

    /// <summary>The option texts of the dropdown named <paramref name="name"/>.</summary>
    public static IReadOnlyList<string> OptionsOf<T>(this IRenderedComponent<T> component, string name)
        where T : IComponent =>
        Options(component.Find($"input#{name}")).Select(o => o.GetAttribute("aria-label") ?? "").ToList();

    private static IEnumerable<IElement> Options(IElement hiddenInput) =>
        hiddenInput.Closest(".rz-dropdown")!.QuerySelectorAll("li[role=option]");
}
