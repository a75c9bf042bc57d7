using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace WebhookConsole.Engine.Persistence;

/// <summary>Stores a <see cref="DateTimeOffset"/> as Unix milliseconds (UTC).</summary>
public sealed class UnixMillisecondsConverter() : ValueConverter<DateTimeOffset, long>(
    value => value.ToUnixTimeMilliseconds(),
    value => DateTimeOffset.FromUnixTimeMilliseconds(value));

/// <summary>Stores a <see cref="TimeSpan"/> as whole milliseconds.</summary>
public sealed class MillisecondsConverter() : ValueConverter<TimeSpan, long>(
    value => (long)value.TotalMilliseconds,
    value => TimeSpan.FromMilliseconds(value));
