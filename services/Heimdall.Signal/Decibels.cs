namespace Heimdall.Signal;

/// <summary>Linear power to decibels, with a floor so that zero power gives a finite value.</summary>
public static class Decibels
{
    /// <summary>Smallest linear power considered (−300 dB); zero or negative powers are raised to it.</summary>
    public const double TinyPower = 1e-30;

    /// <summary>10·log10(max(<paramref name="power"/>, <see cref="TinyPower"/>)).</summary>
    public static double FromPower(double power) => 10.0 * Math.Log10(Math.Max(power, TinyPower));
}
