using WebhookConsole.Engine.Domain;

namespace WebhookConsole.Engine.Webhooks;

/// <summary>How a command ended; the API maps it to 2xx, 400, 404 or 409.</summary>
public enum CommandStatus
{
    Ok,
    Invalid,
    NotFound,
    Conflict,
}

/// <summary>The outcome of a command: a value, or the rules it broke (nothing was changed then).</summary>
public sealed record CommandResult<T>(CommandStatus Status, T? Value, IReadOnlyList<FieldError> Errors)
{
    public bool Succeeded => Status == CommandStatus.Ok;

    public static CommandResult<T> Ok(T value) => new(CommandStatus.Ok, value, []);

    public static CommandResult<T> Invalid(IReadOnlyList<FieldError> errors) => new(CommandStatus.Invalid, default, errors);

    public static CommandResult<T> Invalid(string field, string message) => Invalid([new FieldError(field, message)]);

    public static CommandResult<T> NotFound(string message) => new(CommandStatus.NotFound, default, [new FieldError("webhook_id", message)]);

    public static CommandResult<T> Conflict(string field, string message) => new(CommandStatus.Conflict, default, [new FieldError(field, message)]);
}
