namespace Heimdall.Receivers.RtlTcp;

/// <summary>
/// The sample rates librtlsdr accepts and the exact rate it then runs at. The RTL2832's resampler divides its crystal
/// (28.8 MHz) by a 28-bit ratio in units of 2⁻²²: librtlsdr computes ratio = ⌊28 800 000 · 2²² / requested⌋, clears its two
/// low bits (and keeps it to 28 bits), and the hardware repeats bit 27 into bit 28 as a sign extension; the rate delivered
/// is 28 800 000 · 2²² / that ratio. So 1 000 000 Hz runs at 1 000 000.026 Hz and 250 000 at 250 000.0004, while
/// 1 024 000, 2 048 000 and 2 400 000 are exact. Any other requested rate is refused by librtlsdr and, over rtl_tcp,
/// silently ignored (the dongle keeps its previous rate), so it must be refused before it is sent.
/// </summary>
public static class RtlSampleRate
{
    /// <summary>The RTL2832's nominal crystal, Hz (rtl_tcp never changes it unless told to with command 0x0b).</summary>
    public const double CrystalHz = 28_800_000;

    public const uint LowBandMin = 225_001;
    public const uint LowBandMax = 300_000;
    public const uint HighBandMin = 900_001;
    public const uint HighBandMax = 3_200_000;

    /// <summary>The accepted ranges, as a sentence for messages.</summary>
    public const string AcceptedRanges = "225001–300000 Hz or 900001–3200000 Hz";

    private const double TwoPow22 = 4_194_304;

    /// <summary>True when librtlsdr accepts <paramref name="requestedHz"/> (an integer: rtl_tcp's parameter is a u32).</summary>
    public static bool IsAccepted(uint requestedHz) =>
        requestedHz is >= LowBandMin and <= LowBandMax or >= HighBandMin and <= HighBandMax;

    /// <summary>The rate parameter rtl_tcp is sent for <paramref name="rateHz"/>: the nearest integer, or null when outside a u32.</summary>
    public static uint? Parameter(double rateHz) =>
        double.IsFinite(rateHz) && rateHz >= 0.5 && rateHz < uint.MaxValue ? (uint)Math.Round(rateHz, MidpointRounding.AwayFromZero) : null;

    /// <summary>The rate the dongle runs at when asked for <paramref name="requestedHz"/> (which must be accepted).</summary>
    /// <exception cref="ArgumentOutOfRangeException">librtlsdr refuses the rate.</exception>
    public static double Exact(uint requestedHz)
    {
        if (!IsAccepted(requestedHz))
        {
            throw new ArgumentOutOfRangeException(nameof(requestedHz), requestedHz, $"librtlsdr accepts {AcceptedRanges}.");
        }

        var scaled = CrystalHz * TwoPow22;
        var ratio = (uint)(scaled / requestedHz) & 0x0FFF_FFFCu;
        var programmed = ratio | ((ratio & 0x0800_0000u) << 1);
        return scaled / programmed;
    }
}
