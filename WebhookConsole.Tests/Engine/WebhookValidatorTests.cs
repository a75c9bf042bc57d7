using WebhookConsole.Engine.Webhooks;

namespace WebhookConsole.Tests.Engine;

public sealed class WebhookValidatorTests
{
    private static WebhookInput Valid() => new() { Name = "Logins", TargetUrl = "https://example.com/hook", Channels = ["login"] };

    [Fact]
    public void Validate_CompleteInput_HasNoErrors() => Assert.Empty(WebhookValidator.Validate(Valid(), false));

    [Theory]
    [InlineData("name", "", "The name is required.")]
    [InlineData("channels", null, "Select at least one channel.")]
    [InlineData("channels", "nope", "The channel 'nope' does not exist.")]
    [InlineData("secret", "short", "The secret must be between 16 and 200 characters long, or empty to generate one.")]
    public void Validate_BrokenField_NamesFieldAndRule(string field, string? value, string message)
    {
        var input = Valid();
        switch (field)
        {
            case "name": input.Name = value; break;
            case "channels": input.Channels = value is null ? [] : [value]; break;
            case "secret": input.Secret = value; break;
        }

        var error = Assert.Single(WebhookValidator.Validate(input, false));

        Assert.Equal(field, error.Field);
        Assert.Equal(message, error.Message);
    }
}
