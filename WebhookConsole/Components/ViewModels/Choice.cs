namespace WebhookConsole.Components.ViewModels;

/// <summary>One entry of a dropdown: the value chosen and the words shown for it (<c>TextProperty="Text" ValueProperty="Value"</c>).</summary>
public sealed record Choice<T>(T Value, string Text)
{
    public static IReadOnlyList<Choice<T>> Of(IEnumerable<T> values, Func<T, string> text) => values.Select(v => new Choice<T>(v, text(v))).ToList();
}
