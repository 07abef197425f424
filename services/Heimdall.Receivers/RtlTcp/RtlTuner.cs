namespace Heimdall.Receivers.RtlTcp;

/// <summary>
/// The tuner types of the rtl_tcp header and the manual gains librtlsdr offers for each, in tenths of a dB (the unit of
/// command 0x04). librtlsdr picks its own step for any other value (for the R820T the first step at or above the value),
/// so the driver sends the nearest listed step itself and knows the gain applied.
/// </summary>
public static class RtlTuner
{
    private static readonly int[] E4000 = [-10, 15, 40, 65, 90, 115, 140, 165, 190, 215, 240, 290, 340, 420];
    private static readonly int[] Fc0012 = [-99, -40, 71, 179, 192];
    private static readonly int[] Fc0013 = [-99, -73, -65, -63, -60, -58, -54, 58, 61, 63, 65, 67, 68, 70, 71, 179, 181, 182, 184, 186, 188, 191, 197];
    private static readonly int[] R82xx = [0, 9, 14, 27, 37, 77, 87, 125, 144, 157, 166, 197, 207, 229, 254, 280, 297, 328, 338, 364, 372, 386, 402, 421, 434, 439, 445, 480, 496];

    /// <summary>The tuner's name for tuner type <paramref name="type"/> of the header.</summary>
    public static string Name(uint type) => type switch
    {
        0 => "unknown tuner",
        1 => "E4000",
        2 => "FC0012",
        3 => "FC0013",
        4 => "FC2580",
        5 => "R820T",
        6 => "R828D",
        _ => $"tuner type {type}",
    };

    /// <summary>The manual gain steps of tuner type <paramref name="type"/>, tenths of a dB, ascending; empty when unknown or none.</summary>
    public static IReadOnlyList<int> GainSteps(uint type) => type switch
    {
        1 => E4000,
        2 => Fc0012,
        3 => Fc0013,
        5 or 6 => R82xx,
        _ => [],
    };

    /// <summary>
    /// The gain to send for <paramref name="gainDb"/>: the nearest step of the tuner (ties to the lower), or the value
    /// itself in tenths of a dB when the tuner's steps are unknown.
    /// </summary>
    public static int NearestGainTenths(uint type, double gainDb)
    {
        var wanted = (int)Math.Round(gainDb * 10, MidpointRounding.AwayFromZero);
        var steps = GainSteps(type);
        if (steps.Count == 0)
        {
            return wanted;
        }

        var best = steps[0];
        foreach (var step in steps)
        {
            if (Math.Abs(step - wanted) < Math.Abs(best - wanted))
            {
                best = step;
            }
        }

        return best;
    }
}
