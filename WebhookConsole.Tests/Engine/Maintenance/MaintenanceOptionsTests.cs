using WebhookConsole.Engine.Configuration;

namespace WebhookConsole.Tests.Engine.Maintenance;

public sealed class MaintenanceOptionsTests
{
    [Fact]
    public void Validate_BadIntervalAndBatchSize_NamesEachKey()
    {
        var options = new MaintenanceOptions { ExpiredLeaseReaper = new() { Interval = TimeSpan.Zero }, PurgeBatchSize = 0 };

        var result = new MaintenanceOptionsValidator().Validate(null, options);

        Assert.Equal(
            ["Maintenance:ExpiredLeaseReaper:Interval must be at least one second (00:00:01).", "Maintenance:PurgeBatchSize must be between 1 and 10000."],
            result.Failures);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(10_001)]
    public void Validate_EncryptionBatchSizeOutOfRange_NamesTheKey(int size)
    {
        var options = new MaintenanceOptions { EncryptionBatchSize = size, PayloadEncryption = new() { Interval = TimeSpan.FromMilliseconds(10) } };

        var result = new MaintenanceOptionsValidator().Validate(null, options);

        Assert.Equal(
            ["Maintenance:PayloadEncryption:Interval must be at least one second (00:00:01).", "Maintenance:EncryptionBatchSize must be between 1 and 10000."],
            result.Failures);
    }

    [Fact]
    public void Validate_Defaults_Succeed()
    {
        Assert.True(new MaintenanceOptionsValidator().Validate(null, new MaintenanceOptions()).Succeeded);
        Assert.True(new DeliveryOptionsValidator().Validate(null, new DeliveryOptions()).Succeeded);
    }

    [Fact]
    public void Validate_RetentionUnderAnHourAndZeroDisableAfter_NamesEachKey()
    {
        var options = new DeliveryOptions { Retention = TimeSpan.FromMinutes(5), DisableAfter = TimeSpan.Zero };

        var result = new DeliveryOptionsValidator().Validate(null, options);

        Assert.Equal(["Delivery:Retention must be at least one hour (01:00:00).", "Delivery:DisableAfter must be positive."], result.Failures);
    }
}
