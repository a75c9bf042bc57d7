using System.Diagnostics.CodeAnalysis;
using System.Text;
using WebhookConsole.Engine.Security;

namespace WebhookConsole.Engine.Signing;

/// <summary>
/// A <c>standard</c> or <c>websub</c> request body is made of its event and a few fixed values only, so it comes out the
/// same, byte for byte, every time it is built. The delivery log does not store such a body (about a kilobyte a row,
/// encrypted) but a short recipe: the format and the values that are not the event's (websub's issuer and event URI,
/// which settings or a renamed organization could change later). The log rebuilds the body from its event when it is
/// shown (<see cref="Restore"/>); a <c>jwt</c> body carries a randomised ES256 signature and is stored whole.
/// A recipe starts with <see cref="PayloadCipher.Prefix"/>, so nothing reads it as a value left in clear, and continues
/// with a character that base64 never has, so nothing takes it for ciphertext: <see cref="PayloadCipher"/> stores and
/// reads it as it is.
/// </summary>
public static class RebuiltRequestBody
{
    private const string Marker = PayloadCipher.Prefix + "!rebuilt ";
    private const string StandardKind = "standard";
    private const string WebSubKind = "websub";

    /// <summary>The recipe of every <c>standard</c> body: <c>{id, type, created, data}</c> of its event.</summary>
    public const string Standard = Marker + StandardKind;

    /// <summary>The recipe of a <c>websub</c> body: its event, its delivery's id, and the two values below.</summary>
    public static string WebSub(string issuer, string eventUri) => $"{Marker}{WebSubKind}\n{issuer}\n{eventUri}";

    public static bool IsRecipe([NotNullWhen(true)] string? stored) => stored is not null && stored.StartsWith(Marker, StringComparison.Ordinal);

    /// <summary>
    /// Puts each recipe of <paramref name="delivery"/>'s attempts back as the body that was sent. A body whose event no
    /// longer has its payload (erased) is empty, as the stored bodies of such deliveries are.
    /// </summary>
    public static void Restore(Domain.Delivery delivery)
    {
        foreach (var attempt in delivery.Attempts)
        {
            if (IsRecipe(attempt.RequestBody))
            {
                attempt.RequestBody = Rebuild(attempt.RequestBody, attempt.Number, delivery);
            }
        }
    }

    private static string Rebuild(string recipe, int number, Domain.Delivery delivery)
    {
        if (delivery.Event is not { ErasedAt: null, Payload.Length: > 0 } @event)
        {
            return "";
        }

        var parts = recipe[Marker.Length..].Split('\n');
        var body = parts switch
        {
            [StandardKind] => StandardFormat.WriteBody(@event),
            [WebSubKind, var issuer, var eventUri] => WebSubFormat.WriteBody(issuer, delivery.Id, @event, eventUri),
            _ => throw new StoredValueException(StoredColumn.RequestBody, delivery.Id, number, "is not a body this version can rebuild"),
        };
        return Encoding.UTF8.GetString(body);
    }
}
