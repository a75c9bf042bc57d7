using WebhookConsole.Engine.Domain;

namespace WebhookConsole.Hosting;

/// <summary>
/// The operators' password rule (<see cref="OperatorIdentity"/> configures Identity with the same numbers), checked with
/// the other fields so the setup and operator forms name it in one sentence of their own, under the Password field.
/// </summary>
public static class PasswordRule
{
    public const int MinLength = 12;

    public const string Sentence = "The password must be at least 12 characters long, with an upper-case letter, a lower-case letter and a digit.";

    /// <summary>The broken rule for <paramref name="field"/>, or null when the password meets it.</summary>
    public static FieldError? Check(string? password, string field = "password") =>
        string.IsNullOrEmpty(password) ? new FieldError(field, "The password is required.")
        : password.Length < MinLength || !password.Any(char.IsUpper) || !password.Any(char.IsLower) || !password.Any(char.IsDigit)
            ? new FieldError(field, Sentence)
            : null;
}
