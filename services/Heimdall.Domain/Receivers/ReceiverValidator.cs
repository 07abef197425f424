using System.Globalization;

namespace Heimdall.Domain.Receivers;

/// <summary>
/// The rules of a receiver row, all reported at once, each naming its field: those of the table's check constraints
/// (latitude −90..90, longitude −180..180, 0 &lt; min ≤ max frequency, sample rate &gt; 0, timeout &gt; 0, retries 0..10,
/// a known kind) and of the bands (inside [min, max], disjoint), then the kind's own (<see cref="IReceiverKindValidator"/>).
/// </summary>
public sealed class ReceiverValidator(IEnumerable<IReceiverKindValidator> kindValidators)
{
    public const int MaxNameLength = 200;
    public const int MaxRetryCount = 10;

    private readonly Dictionary<string, IReceiverKindValidator[]> _byKind = kindValidators
        .GroupBy(v => v.Kind, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal);

    public IReadOnlyList<string> Validate(ReceiverDefinition receiver)
    {
        ArgumentNullException.ThrowIfNull(receiver);
        var reasons = new List<string>();
        if (string.IsNullOrWhiteSpace(receiver.Name))
        {
            reasons.Add("name is required.");
        }
        else if (receiver.Name.Length > MaxNameLength)
        {
            reasons.Add(Format($"name is {receiver.Name.Length} characters long; at most {MaxNameLength} are allowed."));
        }

        if (!ReceiverKinds.All.Contains(receiver.Kind, StringComparer.Ordinal))
        {
            reasons.Add($"kind must be one of {string.Join(", ", ReceiverKinds.All)} (got '{receiver.Kind}').");
        }

        if (string.IsNullOrWhiteSpace(receiver.Url))
        {
            reasons.Add("url is required.");
        }

        if (!(receiver.Latitude is >= -90 and <= 90))
        {
            reasons.Add(Format($"latitude must be between -90 and 90 (got {receiver.Latitude})."));
        }

        if (!(receiver.Longitude is >= -180 and <= 180))
        {
            reasons.Add(Format($"longitude must be between -180 and 180 (got {receiver.Longitude})."));
        }

        if (receiver.AltitudeM is { } altitude && !double.IsFinite(altitude))
        {
            reasons.Add(Format($"altitudeM must be a finite number when given (got {altitude})."));
        }

        var rangeValid = true;
        if (!(receiver.MinFrequencyHz > 0) || !double.IsFinite(receiver.MinFrequencyHz))
        {
            reasons.Add(Format($"minFrequencyHz must be > 0 (got {receiver.MinFrequencyHz})."));
            rangeValid = false;
        }

        if (!(receiver.MaxFrequencyHz >= receiver.MinFrequencyHz) || !double.IsFinite(receiver.MaxFrequencyHz))
        {
            reasons.Add(Format($"maxFrequencyHz must be ≥ minFrequencyHz (got {receiver.MaxFrequencyHz} < {receiver.MinFrequencyHz})."));
            rangeValid = false;
        }

        if (!(receiver.SampleRateHz > 0) || !double.IsFinite(receiver.SampleRateHz))
        {
            reasons.Add(Format($"sampleRateHz must be > 0 (got {receiver.SampleRateHz})."));
        }

        if (receiver.CalibrationDb is { } calibration && !double.IsFinite(calibration))
        {
            reasons.Add(Format($"calibrationDb must be a finite number when given (got {calibration})."));
        }

        if (!(receiver.TimeoutSeconds > 0) || !double.IsFinite(receiver.TimeoutSeconds))
        {
            reasons.Add(Format($"timeoutSeconds must be > 0 (got {receiver.TimeoutSeconds})."));
        }

        if (receiver.RetryCount is < 0 or > MaxRetryCount)
        {
            reasons.Add(Format($"retryCount must be between 0 and {MaxRetryCount} (got {receiver.RetryCount})."));
        }

        ValidateBands(receiver, rangeValid, reasons);

        if (_byKind.TryGetValue(receiver.Kind, out var validators))
        {
            reasons.AddRange(validators.SelectMany(v => v.Validate(receiver)));
        }

        return reasons;
    }

    private static void ValidateBands(ReceiverDefinition receiver, bool rangeValid, List<string> reasons)
    {
        var bands = receiver.Bands ?? [];
        for (var i = 0; i < bands.Count; i++)
        {
            var band = bands[i];
            if (!(band.MinFrequencyHz > 0) || !(band.MaxFrequencyHz >= band.MinFrequencyHz) || !double.IsFinite(band.MaxFrequencyHz))
            {
                reasons.Add(Format($"bands[{i}] must have 0 < minFrequencyHz ≤ maxFrequencyHz (got {band.MinFrequencyHz}–{band.MaxFrequencyHz})."));
            }
            else if (rangeValid && (band.MinFrequencyHz < receiver.MinFrequencyHz || band.MaxFrequencyHz > receiver.MaxFrequencyHz))
            {
                reasons.Add(Format($"bands[{i}] {band.MinFrequencyHz}–{band.MaxFrequencyHz} Hz is outside [minFrequencyHz, maxFrequencyHz] = [{receiver.MinFrequencyHz}, {receiver.MaxFrequencyHz}]."));
            }
        }

        var ordered = bands.Select((b, i) => (Band: b, Index: i)).OrderBy(b => b.Band.MinFrequencyHz).ToList();
        for (var i = 1; i < ordered.Count; i++)
        {
            var (previous, current) = (ordered[i - 1], ordered[i]);
            if (current.Band.MinFrequencyHz <= previous.Band.MaxFrequencyHz)
            {
                reasons.Add(Format($"bands[{current.Index}] overlaps bands[{previous.Index}]: bands must be disjoint."));
            }
        }
    }

    private static string Format(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
