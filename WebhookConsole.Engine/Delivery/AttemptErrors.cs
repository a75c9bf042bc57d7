using System.Net.Sockets;
using System.Security.Authentication;
using WebhookConsole.Engine.Domain;

namespace WebhookConsole.Engine.Delivery;

/// <summary>Turns transport failures into an <see cref="AttemptError"/> and a sentence an operator can act on.</summary>
internal static class AttemptErrors
{
    public static AttemptError Classify(Exception exception) =>
        exception.InnerException is AuthenticationException || ErrorOf(exception) == HttpRequestError.SecureConnectionError
            ? AttemptError.Tls
            : AttemptError.Connection;

    public static string Describe(Exception exception) => ErrorOf(exception) switch
    {
        HttpRequestError.NameResolutionError => "the host name could not be resolved.",
        HttpRequestError.SecureConnectionError => "the TLS handshake failed (" + (exception.InnerException?.Message ?? "certificate not trusted") + ").",
        HttpRequestError.ConnectionError when exception.InnerException is SocketException socket => $"connection failed ({socket.SocketErrorCode}).",
        HttpRequestError.ResponseEnded => "the connection closed before a complete response.",
        HttpRequestError.InvalidResponse => "the response was not valid HTTP.",
        _ when exception is IOException => "the connection broke while the response was read (" + exception.Message + ").",
        _ when exception.InnerException is IOException inner => "the connection broke (" + inner.Message + ").",
        _ => exception.Message,
    };

    // The request error may sit on the exception itself, or on the HttpIOException that reading the body threw.
    private static HttpRequestError ErrorOf(Exception exception) => exception switch
    {
        HttpRequestException { HttpRequestError: not HttpRequestError.Unknown } request => request.HttpRequestError,
        HttpIOException io => io.HttpRequestError,
        { InnerException: HttpIOException io } => io.HttpRequestError,
        _ => HttpRequestError.Unknown,
    };
}
