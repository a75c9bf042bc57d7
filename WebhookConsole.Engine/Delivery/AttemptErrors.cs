using System.Net.Sockets;
using System.Security.Authentication;
using WebhookConsole.Engine.Domain;

namespace WebhookConsole.Engine.Delivery;

/// <summary>Turns transport failures into an <see cref="AttemptError"/> and a sentence an operator can act on.</summary>
internal static class AttemptErrors
{
    public static AttemptError Classify(HttpRequestException exception) =>
        exception.InnerException is AuthenticationException || exception.HttpRequestError == HttpRequestError.SecureConnectionError
            ? AttemptError.Tls
            : AttemptError.Connection;

    public static string Describe(HttpRequestException exception) => exception.HttpRequestError switch
    {
        HttpRequestError.NameResolutionError => "the host name could not be resolved.",
        HttpRequestError.SecureConnectionError => "the TLS handshake failed (" + (exception.InnerException?.Message ?? "certificate not trusted") + ").",
        HttpRequestError.ConnectionError when exception.InnerException is SocketException socket => $"connection failed ({socket.SocketErrorCode}).",
        HttpRequestError.ResponseEnded => "the connection closed before a complete response.",
        HttpRequestError.InvalidResponse => "the response was not valid HTTP.",
        _ => exception.Message,
    };
}
