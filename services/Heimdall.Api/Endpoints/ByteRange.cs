using Microsoft.AspNetCore.Http.Headers;
using Microsoft.Net.Http.Headers;

namespace Heimdall.Api.Endpoints;

/// <summary>
/// The part of a stored object a GET asks for (RFC 9110 §14): the whole, or one byte range of a <c>Range: bytes=…</c>
/// header whose <c>If-Range</c> (if any) matches the ETag. Several ranges, another unit or a header that cannot be read
/// are ignored (the whole is sent, as the RFC allows); a range that starts beyond the end is unsatisfiable (416).
/// </summary>
internal readonly record struct ByteRange(long From, long Length, bool Partial, bool Unsatisfiable)
{
    public static ByteRange Whole(long size) => new(0, size, Partial: false, Unsatisfiable: false);

    public static ByteRange Of(RequestHeaders headers, EntityTagHeaderValue etag, long size)
    {
        if (headers.Range is not { Unit.Value: "bytes", Ranges.Count: 1 } range)
        {
            return Whole(size);
        }

        // If-Range by date is not honoured (recordings have no Last-Modified): the whole is sent, which is always correct.
        if (headers.IfRange is { } condition && (condition.EntityTag is not { } tag || !tag.Compare(etag, useStrongComparison: true)))
        {
            return Whole(size);
        }

        var (from, to) = (range.Ranges.Single().From, range.Ranges.Single().To);
        if (from is null)
        {
            // A suffix: the last `to` bytes.
            return to is > 0 && size > 0 ? new ByteRange(Math.Max(0, size - to.Value), Math.Min(to.Value, size), true, false) : NoneOf(size);
        }

        if (from.Value >= size)
        {
            return NoneOf(size);
        }

        var last = Math.Min(to ?? (size - 1), size - 1);
        return new ByteRange(from.Value, last - from.Value + 1, true, false);
    }

    private static ByteRange NoneOf(long size) => new(0, size, Partial: false, Unsatisfiable: true);
}
