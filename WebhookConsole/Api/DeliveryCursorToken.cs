using System.Buffers.Text;
using System.Globalization;
using System.Text;
using WebhookConsole.Engine.Delivery;

namespace WebhookConsole.Api;

/// <summary>
/// The opaque <c>cursor</c> of the delivery list: a keyset position (creation time and id of the last row shown),
/// base64url-encoded so clients pass it back unchanged instead of building one.
/// </summary>
internal static class DeliveryCursorToken
{
    private const string Version = "d1";

    public static string Encode(DeliveryCursor cursor) => Base64Url.EncodeToString(Encoding.ASCII.GetBytes(
        string.Create(CultureInfo.InvariantCulture, $"{Version}:{cursor.CreatedAt.ToUnixTimeMilliseconds()}:{cursor.Id:N}")));

    public static bool TryDecode(string token, out DeliveryCursor cursor)
    {
        cursor = default;
        if (token.Length > 128 || !Base64Url.IsValid(token))
        {
            return false;
        }

        var parts = Encoding.ASCII.GetString(Base64Url.DecodeFromChars(token)).Split(':');
        if (parts is not [Version, var millisecondsText, var idText]
            || !long.TryParse(millisecondsText, NumberStyles.None, CultureInfo.InvariantCulture, out var milliseconds)
            || milliseconds > DateTimeOffset.MaxValue.ToUnixTimeMilliseconds()
            || !Guid.TryParseExact(idText, "N", out var id))
        {
            return false;
        }

        cursor = new DeliveryCursor(DateTimeOffset.FromUnixTimeMilliseconds(milliseconds), id);
        return true;
    }
}
