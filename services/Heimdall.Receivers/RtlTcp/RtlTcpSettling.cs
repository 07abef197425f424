namespace Heimdall.Receivers.RtlTcp;

/// <summary>
/// How much of the stream predates the driver's settings. rtl_tcp starts streaming the moment it accepts a client, with
/// whatever the dongle was last set to (its command line, or the previous client's rate, frequency and gain: the dongle
/// is not reset between clients), and applies each command when it arrives, with no reply. So the first bytes after the
/// header were sampled with unknown settings, at an unknown rate, for as long as it took the commands to reach the
/// server, plus the tuner's settling time. That span, measured on the host as the time from the header to the commands
/// plus one round trip (the TCP connect time) plus <c>settleMs</c>, is counted at the fastest rate librtlsdr runs
/// (3.2 MS/s: the previous rate is unknown, so the worst case), and one USB transfer (256 KiB, the unit in which
/// librtlsdr hands samples over) is added for the transfer being filled when the commands took effect and for the I²C
/// time of the commands. Counted in bytes, not arrival time, because a server that fell behind delivers old samples
/// late. The count is even, so I/Q pairs stay aligned.
/// </summary>
public static class RtlTcpSettling
{
    /// <summary>librtlsdr's USB transfer (16 · 32 · 512 bytes), which rtl_tcp forwards whole.</summary>
    public const int UsbTransferBytes = 16 * 32 * 512;

    /// <summary>The fastest rate librtlsdr runs at: the bound on how fast unknown earlier settings produced bytes.</summary>
    public const double FastestRateHz = RtlSampleRate.HighBandMax;

    /// <summary>Bytes to throw away after the header (even).</summary>
    /// <param name="headerToCommands">From the header's arrival to the commands' departure (host clock).</param>
    /// <param name="roundTrip">One network round trip (the TCP connect time).</param>
    /// <param name="settle">The tuner's settling time (<c>settleMs</c>).</param>
    public static long DiscardBytes(TimeSpan headerToCommands, TimeSpan roundTrip, TimeSpan settle)
    {
        var stale = Positive(headerToCommands) + Positive(roundTrip) + Positive(settle);
        var bytes = (long)Math.Ceiling(stale.TotalSeconds * FastestRateHz * 2) + UsbTransferBytes;
        return bytes + (bytes & 1);
    }

    /// <summary>How long one USB transfer lasts at <paramref name="sampleRateHz"/> (the granularity of arrival).</summary>
    public static TimeSpan TransferDuration(double sampleRateHz) => TimeSpan.FromSeconds(UsbTransferBytes / 2.0 / sampleRateHz);

    private static TimeSpan Positive(TimeSpan span) => span > TimeSpan.Zero ? span : TimeSpan.Zero;
}
