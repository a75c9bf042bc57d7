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

    [Theory]
    [InlineData(null, null, 0)]
    [InlineData(1, 1, 0)]
    [InlineData(256, 10000, 0)]
    [InlineData(0, null, 1)]
    [InlineData(257, null, 1)]
    [InlineData(null, 0, 1)]
    [InlineData(null, 10001, 1)]
    [InlineData(-1, -1, 2)]
    public void Validate_DeliverySettings_AcceptsTheRangesAndNullAndNamesEachBrokenOne(int? maxInFlight, int? rateLimit, int errors)
    {
        var input = Valid();
        input.MaxInFlight = maxInFlight;
        input.RateLimitPerSecond = rateLimit;
        var patch = new WebhookPatch { MaxInFlight = new(maxInFlight), RateLimitPerSecond = new(rateLimit) };

        var inputErrors = WebhookValidator.Validate(input, false);
        var patchErrors = WebhookValidator.Validate(patch, WebhookConsole.Engine.Domain.WebhookFormat.Jwt, false);

        Assert.Equal(errors, inputErrors.Count);
        Assert.Equal(inputErrors, patchErrors);
        Assert.All(inputErrors, e => Assert.Contains(e, new[]
        {
            new WebhookConsole.Engine.Domain.FieldError(DeliverySettings.MaxInFlightField, DeliverySettings.MaxInFlightRule),
            new WebhookConsole.Engine.Domain.FieldError(DeliverySettings.RateLimitField, DeliverySettings.RateLimitRule),
        }));
    }

    [Fact]
    public void PatchValue_AbsentOrSetToNull_KeepsOrClears()
    {
        Assert.Equal(4, default(PatchValue<int?>).Or(4));
        Assert.Null(new PatchValue<int?>(null).Or(4));
        Assert.Equal(8, new PatchValue<int?>(8).Or(4));
    }
}
