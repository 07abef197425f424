using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Heimdall.Data.Measurements;

/// <summary>
/// The keyset position after a page of recent measurements: the last row's (captured_at, acquisition_id, receiver_id),
/// the order of the listing (newest first), so a row inserted meanwhile never shifts a page. Opaque to callers:
/// base64url of a version byte, the 28-byte position and an 8-byte check (a keyed SHA-256 of both), so that a cursor
/// this API never issued (random bytes, an edited or truncated one) is refused rather than read as a position.
/// </summary>
public sealed record MeasurementCursor(DateTime CapturedAt, Guid AcquisitionId, int ReceiverId)
{
    private const byte Version = 1;
    private const int PositionLength = 8 + 16 + 4;
    private const int CheckLength = 8;
    private const int Length = 1 + PositionLength + CheckLength;

    /// <summary>Keys the check to this listing: a checksum, not a secret (a cursor only positions a query the caller may run).</summary>
    private static readonly byte[] CheckKey = Encoding.UTF8.GetBytes("heimdall:/api/measurements/recent:cursor");

    public static MeasurementCursor After(Measurement last) => new(last.CapturedAt, last.AcquisitionId, last.ReceiverId);

    public string Encode()
    {
        Span<byte> bytes = stackalloc byte[Length];
        bytes[0] = Version;
        var position = bytes[1..(1 + PositionLength)];
        BinaryPrimitives.WriteInt64BigEndian(position, CapturedAt.ToUniversalTime().Ticks);
        AcquisitionId.TryWriteBytes(position[8..24], bigEndian: true, out _);
        BinaryPrimitives.WriteInt32BigEndian(position[24..], ReceiverId);
        Check(bytes[..(1 + PositionLength)], bytes[(1 + PositionLength)..]);
        return Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    /// <summary>The cursor <paramref name="text"/> encodes, or null when it is not one this API issued.</summary>
    public static MeasurementCursor? TryDecode(string text)
    {
        if (text.Length > 64 || text.Contains('=', StringComparison.Ordinal))
        {
            return null;
        }

        var base64 = text.Replace('-', '+').Replace('_', '/');
        base64 += new string('=', (4 - (base64.Length % 4)) % 4);
        Span<byte> bytes = stackalloc byte[64];
        if (!Convert.TryFromBase64String(base64, bytes, out var written) || written != Length || bytes[0] != Version)
        {
            return null;
        }

        Span<byte> expected = stackalloc byte[CheckLength];
        Check(bytes[..(1 + PositionLength)], expected);
        if (!CryptographicOperations.FixedTimeEquals(expected, bytes[(1 + PositionLength)..Length]))
        {
            return null;
        }

        var position = bytes[1..(1 + PositionLength)];
        var ticks = BinaryPrimitives.ReadInt64BigEndian(position);
        if (ticks < DateTime.MinValue.Ticks || ticks > DateTime.MaxValue.Ticks)
        {
            return null;
        }

        return new MeasurementCursor(new DateTime(ticks, DateTimeKind.Utc), new Guid(position[8..24], bigEndian: true),
            BinaryPrimitives.ReadInt32BigEndian(position[24..]));
    }

    private static void Check(ReadOnlySpan<byte> versionAndPosition, Span<byte> check)
    {
        Span<byte> hash = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(CheckKey, versionAndPosition, hash);
        hash[..CheckLength].CopyTo(check);
    }
}
