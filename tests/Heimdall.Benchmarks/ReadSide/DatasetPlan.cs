namespace Heimdall.Benchmarks.ReadSide;

/// <summary>The generated network's acquisitions and captures, deterministic for a seed.</summary>
internal sealed class DatasetPlan(DateTime start, DateTime end, long count, int seed)
{
    private static readonly double[] SnrLevels = [34, 38, 30, 33, 22, 18, 31];
    private static readonly double[] OffsetsHz = [29, -87, 12, -40, 55, -8, -84];

    /// <summary>Oscillator drift per receiver, Hz per hour (a temperature-driven few ppb).</summary>
    private static readonly double[] DriftHzPerHour = [0.02, -0.05, 0.01, 0.08, -0.03, 0.04, -0.06];

    public IEnumerable<PlannedAcquisition> Acquisitions()
    {
        var random = new Random(seed);
        var step = (end - start).Ticks / count;
        var id = new byte[16];
        for (long i = 0; i < count; i++)
        {
            var at = new DateTime(start.Ticks + (i * step), DateTimeKind.Utc);
            random.NextBytes(id);
            id[7] = (byte)((id[7] & 0x0F) | 0x40); // version 4
            var acquisitionId = new Guid(id);
            var partial = random.NextDouble() < 0.02;
            var hours = (at - start).TotalHours;
            var captures = new PlannedCapture[7];
            for (var r = 0; r < 7; r++)
            {
                var failed = partial && r == 6;
                var detected = random.NextDouble() >= 0.08;
                var snr = SnrLevels[r] + (Gaussian(random) * 3);
                captures[r] = new PlannedCapture(
                    r + 1, at.AddMilliseconds(r * 3), failed,
                    detected ? snr : null,
                    detected ? OffsetsHz[r] + (DriftHzPerHour[r] * hours) + (Gaussian(random) * 2) : null,
                    detected ? -60 + snr : -62 + Gaussian(random),
                    acquisitionId.ToString("N") + acquisitionId.ToString("N") + acquisitionId.ToString("N") + acquisitionId.ToString("N"));
            }

            yield return new PlannedAcquisition(acquisitionId, at, i % 5 < 3 ? 145_500_000 : 435_000_000, partial, captures);
        }
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}

internal sealed record PlannedAcquisition(Guid Id, DateTime At, double FrequencyHz, bool Partial, PlannedCapture[] Captures);

internal sealed record PlannedCapture(int ReceiverId, DateTime At, bool Failed, double? SnrDb, double? OffsetHz, double PowerDbfs, string Sha512);
