using System.Globalization;

namespace WebhookConsole.Api;

/// <summary>
/// SlashID's consistency headers, accepted on every route: <c>SlashID-Required-Consistency</c> (<c>local_region</c>,
/// the default, or <c>all_regions</c>) and <c>SlashID-Required-Consistency-Timeout</c> (1 to 120 seconds, default 30).
/// This hub runs in one region on one database, so every accepted value is already met; any other value is a 400.
/// </summary>
internal sealed class ConsistencyFilter : IEndpointFilter
{
    public const string ConsistencyHeader = "SlashID-Required-Consistency";
    public const string TimeoutHeader = "SlashID-Required-Consistency-Timeout";
    public static readonly string[] ConsistencyLevels = ["local_region", "all_regions"];
    public const int MinTimeout = 1;
    public const int MaxTimeout = 120;

    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var headers = context.HttpContext.Request.Headers;
        if (headers.TryGetValue(ConsistencyHeader, out var level) && (level.Count != 1 || !ConsistencyLevels.Contains(level.ToString())))
        {
            return Refuse($"The {ConsistencyHeader} header must be local_region or all_regions.");
        }

        if (headers.TryGetValue(TimeoutHeader, out var timeout)
            && (timeout.Count != 1
                || !int.TryParse(timeout.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
                || seconds is < MinTimeout or > MaxTimeout))
        {
            return Refuse($"The {TimeoutHeader} header must be a whole number of seconds from {MinTimeout} to {MaxTimeout}.");
        }

        return next(context);
    }

    private static ValueTask<object?> Refuse(string message) =>
        ValueTask.FromResult<object?>(ApiResults.Error(StatusCodes.Status400BadRequest, message));
}
