using System.Buffers.Binary;

namespace Heimdall.Data.Measurements;

/// <summary>
/// The keyset position after a page of recent measurements: the last row's (captured_at, acquisition_id, receiver_id),
/// the order of the listing (newest first), so a row inserted meanwhile never shifts a page. Opaque to callers:
/// 28 bytes, base64url.
/// </summary>
public sealed record MeasurementCursor(DateTime CapturedAt, Guid AcquisitionId, int ReceiverId)
{
    private const int Length = 8 + 16 + 4;

    public static MeasurementCursor After(Measurement last) => new(last.CapturedAt, last.AcquisitionId, last.ReceiverId);

    public string Encode()
    {
        Span<byte> bytes = stackalloc byte[Length];
        BinaryPrimitives.WriteInt64BigEndian(bytes, CapturedAt.ToUniversalTime().Ticks);
        AcquisitionId.TryWriteBytes(bytes[8..24], bigEndian: true, out _);
        BinaryPrimitives.WriteInt32BigEndian(bytes[24..], ReceiverId);
        return Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    /// <summary>The cursor <paramref name="text"/> encodes, or null when it is not one.</summary>
    public static MeasurementCursor? TryDecode(string text)
    {
        var base64 = text.Replace('-', '+').Replace('_', '/');
        base64 += new string('=', (4 - (base64.Length % 4)) % 4);
        Span<byte> bytes = stackalloc byte[64];
        if (!Convert.TryFromBase64String(base64, bytes, out var written) || written != Length)
        {
            return null;
        }

        var ticks = BinaryPrimitives.ReadInt64BigEndian(bytes);
        if (ticks < DateTime.MinValue.Ticks || ticks > DateTime.MaxValue.Ticks)
        {
            return null;
        }

        return new MeasurementCursor(new DateTime(ticks, DateTimeKind.Utc), new Guid(bytes[8..24], bigEndian: true),
            BinaryPrimitives.ReadInt32BigEndian(bytes[24..Length]));
    }
}
