using WebhookConsole.Engine.Domain;
using WebhookConsole.Engine.Webhooks;

namespace WebhookConsole.Api;

/// <summary>
/// SlashID's envelopes: <c>{"result": …}</c> on success (with <c>meta</c> on lists), <c>{"errors": [{"httpcode", "message"}]}</c>
/// on failure.
/// </summary>
internal static class ApiResults
{
    public sealed record ApiError(int Httpcode, string Message);

    public sealed record ErrorEnvelope(IReadOnlyList<ApiError> Errors);

    public sealed record ResultEnvelope<T>(T Result);

    /// <summary>A list with its paging: <c>meta.pagination</c> (offset paging) or <c>meta.next_cursor</c> (cursor paging).</summary>
    public sealed record PageEnvelope<T, TMeta>(IReadOnlyList<T> Result, TMeta Meta);

    /// <summary>SlashID's <c>meta.pagination</c>: the page asked for and how many items there are in all.</summary>
    public sealed record Pagination(int Limit, int Offset, long TotalCount);

    /// <summary><c>meta</c> of a list paged by <c>limit</c> and <c>offset</c>.</summary>
    public sealed record OffsetMeta(Pagination Pagination);

    /// <summary><c>meta</c> of a list paged by cursor: pass <c>next_cursor</c> back as <c>cursor</c>; null on the last page.</summary>
    public sealed record CursorMeta(string? NextCursor);

    public static IResult Result<T>(T result, int status = StatusCodes.Status200OK) =>
        TypedResults.Json(new ResultEnvelope<T>(result), statusCode: status);

    public static IResult Page<T, TMeta>(IReadOnlyList<T> items, TMeta meta) => TypedResults.Json(new PageEnvelope<T, TMeta>(items, meta));

    public static IResult Error(int status, string message) =>
        TypedResults.Json(new ErrorEnvelope([new ApiError(status, message)]), statusCode: status);

    public static IResult Errors(int status, IEnumerable<FieldError> errors) =>
        TypedResults.Json(new ErrorEnvelope(errors.Select(e => new ApiError(status, e.Message)).ToList()), statusCode: status);

    public static IResult BadRequest(IEnumerable<FieldError> errors) => Errors(StatusCodes.Status400BadRequest, errors);

    public static IResult From<T>(CommandResult<T> result) => result.Status switch
    {
        CommandStatus.NotFound => Errors(StatusCodes.Status404NotFound, result.Errors),
        CommandStatus.Conflict => Errors(StatusCodes.Status409Conflict, result.Errors),
        _ => Errors(StatusCodes.Status400BadRequest, result.Errors),
    };
}
