using WebhookConsole.Api.OpenApi;
using WebhookConsole.Engine.Privacy;

namespace WebhookConsole.Api;

/// <summary>Erasure by subject and the organization's retention windows (admin keys change; viewer keys read).</summary>
internal static class PrivacyEndpoints
{
    public sealed record ErasureResource(int Events, int Deliveries, int Attempts, int Cancelled, DateTimeOffset ErasedAt, long DurationMs, string Lookup)
    {
        public static ErasureResource Of(ErasureReport report) => new(report.Events, report.Deliveries, report.Attempts, report.Cancelled, report.ErasedAt,
            (long)report.Duration.TotalMilliseconds, report.Lookup);
    }

    public sealed record RetentionResource(int? EventRetentionDays, int? BodyRetentionDays, int DefaultRetentionDays, int EffectiveEventRetentionDays,
        int EffectiveBodyRetentionDays)
    {
        public static RetentionResource Of(Retention retention) => new(Days(retention.EventRetention), Days(retention.BodyRetention),
            (int)retention.Default.TotalDays, (int)retention.Events.TotalDays, (int)retention.Bodies.TotalDays);

        private static int? Days(TimeSpan? window) => window is { } value ? (int)value.TotalDays : null;
    }

    public static RouteGroupBuilder MapPrivacyEndpoints(this RouteGroupBuilder api)
    {
        api.MapPost("/erasure", EraseAsync).WithTags(ApiTags.Privacy).DocumentErasure();
        api.MapGet("/organizations/retention", GetRetentionAsync).WithTags(ApiTags.Privacy).DocumentGetRetention();
        api.MapPatch("/organizations/retention", UpdateRetentionAsync).WithTags(ApiTags.Privacy).DocumentUpdateRetention();
        return api;
    }

    private static async Task<IResult> EraseAsync(HttpContext http, SubjectErasure erasure)
    {
        var (subject, error) = await JsonFields.ReadAsync(http.Request, RequestFields.Erasure, fields =>
        {
            var personId = fields.String("person_id");
            var path = fields.String("path");
            var value = fields.String("value");
            return fields.Errors.Count > 0 ? null : ErasureSubject.Create(personId, path, value, fields.Errors);
        });
        if (error is not null)
        {
            return error;
        }

        var result = await erasure.EraseAsync(ApiKeyFilter.OrganizationOf(http), subject!, http.RequestAborted);
        return result.Succeeded ? ApiResults.Result(ErasureResource.Of(result.Value!)) : ApiResults.From(result);
    }

    private static async Task<IResult> GetRetentionAsync(HttpContext http, RetentionSettings settings)
    {
        var retention = await settings.GetAsync(ApiKeyFilter.OrganizationOf(http), http.RequestAborted);
        return retention is null
            ? ApiResults.Error(StatusCodes.Status404NotFound, "No organization with this id exists.")
            : ApiResults.Result(RetentionResource.Of(retention));
    }

    private static async Task<IResult> UpdateRetentionAsync(HttpContext http, RetentionSettings settings)
    {
        const string Rule = "must be a whole number of days from 1 to 3650, or null for the hub's default";
        var (patch, error) = await JsonFields.ReadAsync(http.Request, RequestFields.Retention, fields =>
            (Events: fields.NullableInteger("event_retention_days", $"The event_retention_days {Rule}."),
             Bodies: fields.NullableInteger("body_retention_days", $"The body_retention_days {Rule}.")));
        if (error is not null)
        {
            return error;
        }

        var result = await settings.UpdateAsync(ApiKeyFilter.OrganizationOf(http), patch.Events, patch.Bodies, http.RequestAborted);
        return result.Succeeded ? ApiResults.Result(RetentionResource.Of(result.Value!)) : ApiResults.From(result);
    }
}
