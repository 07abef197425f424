using System.Globalization;
using System.Text.Json;
using Heimdall.Localisation.Geodesy;
using Heimdall.Signal;
using Heimdall.Signal.Timing;

namespace Heimdall.Localisation.Input;

/// <summary>
/// A SigMF recording as a capture, with the time base Heimdall's archive gives a GNSS-timed capture
/// (docs/contracts.md): one capture segment per GNSS stamp, each with its <c>core:datetime</c> (UTC to 100 ns), and
/// <c>heimdall:timing</c> saying where the time came from. The stamps are fitted again (the KiwiSDR driver's fit,
/// stamps more than half a sample off the line left out). When the archive added a segment at sample 0 holding the
/// fitted start (there is one more <c>core:datetime</c> than <c>heimdall:timing.stamp_count</c>), that segment is not
/// a stamp and is not fitted. The position is <c>core:geolocation</c>, the name <c>heimdall:receiver_name</c>.
/// </summary>
public static class SigMfCapture
{
    /// <param name="meta">The parsed <c>.sigmf-meta</c>.</param>
    /// <param name="data">The <c>.sigmf-data</c> bytes.</param>
    /// <param name="fallbackName">The name when the metadata has no <c>heimdall:receiver_name</c> (the file's base name).</param>
    /// <param name="position">Overrides <c>core:geolocation</c> when given.</param>
    /// <exception cref="IqDataException">The metadata lacks what a capture needs or the data cannot be decoded; the message names the field.</exception>
    public static StationCapture Create(JsonElement meta, ReadOnlySpan<byte> data, string fallbackName, GeoPosition? position = null)
    {
        var global = Property(meta, "global") is { ValueKind: JsonValueKind.Object } g ? g : throw new IqDataException("no \"global\" object in the metadata");
        var datatype = String(global, "core:datatype") ?? throw new IqDataException("global.core:datatype is missing");
        if (!SampleFormats.TryParse(datatype, out var format) || format.IsReal())
        {
            // ri16_le is a server's demodulated audio (OpenWebRX), real samples without time stamps: never IQ for TDoA.
            throw new IqDataException($"unsupported datatype '{datatype}' (global.core:datatype)");
        }

        var rate = Number(global, "core:sample_rate") is { } r and > 0 ? r : throw new IqDataException("global.core:sample_rate is missing or not positive");
        if (Number(global, "core:num_channels") is > 1)
        {
            throw new IqDataException("global.core:num_channels is above 1: only single-channel recordings can be located");
        }

        var segments = Segments(meta);
        var frequencies = segments.Select(s => s.FrequencyHz).Where(f => f is not null).Distinct().ToList();
        if (frequencies.Count != 1)
        {
            throw new IqDataException(frequencies.Count == 0 ? "captures[0].core:frequency is missing" : "the recording retunes (several core:frequency values): only a recording at one frequency can be located");
        }

        var (clock, problem, warnings) = Timing(meta);
        return new StationCapture
        {
            Name = String(global, "heimdall:receiver_name") ?? fallbackName,
            ReceiverId = Number(global, "heimdall:receiver_id") is { } id ? (int)id : null,
            Position = position ?? Geolocation(global),
            Samples = IqDecoder.Decode(data, format),
            CenterFrequencyHz = frequencies[0]!.Value,
            Clock = clock,
            ClockProblem = problem,
            Warnings = warnings,
        };
    }

    /// <summary>The GNSS time base of a recording from its metadata alone: the clock, or why there is none, and what was noticed.</summary>
    /// <exception cref="IqDataException">A <c>core:datetime</c> is not a time, or <c>global.core:sample_rate</c> is missing.</exception>
    public static (CaptureClock? Clock, string? Problem, IReadOnlyList<string> Warnings) Timing(JsonElement meta)
    {
        var global = Property(meta, "global") is { ValueKind: JsonValueKind.Object } g ? g : throw new IqDataException("no \"global\" object in the metadata");
        var rate = Number(global, "core:sample_rate") is { } r and > 0 ? r : throw new IqDataException("global.core:sample_rate is missing or not positive");
        var timing = Property(global, "heimdall:timing");
        return Clock(Segments(meta), timing, timing is { } t ? String(t, "source") : null, rate);
    }

    private static (CaptureClock? Clock, string? Problem, List<string> Warnings) Clock(
        List<(long SampleStart, double? FrequencyHz, DateTimeOffset? Utc)> segments, JsonElement? timing, string? source, double rate)
    {
        var warnings = new List<string>();
        if (source == "host-clock")
        {
            return (null, "timed by the host clock (heimdall:timing.source = host-clock): its start is uncertain by milliseconds", warnings);
        }

        var stamps = segments.Where(s => s.Utc is not null).Select(s => (Index: s.SampleStart, Ns: KiwiGnssClock.ToGpsNanoseconds(s.Utc!.Value))).ToList();
        if (timing is { } t && Number(t, "stamp_count") is { } count && stamps.Count == (int)count + 1 && stamps.Count > 0)
        {
            stamps.RemoveAt(0);
        }

        var measured = timing is { } m ? Number(m, "measured_sample_rate_hz") : null;
        if (stamps.Count >= 2)
        {
            var (fit, outliers) = KiwiTimingFit.FitRejectingOutliers(stamps.Select(s => s.Index).ToList(), stamps.Select(s => s.Ns).ToList(), 0.5e9 / rate);
            if (fit is null)
            {
                return (null, Invariant($"no two of its {stamps.Count} time stamps (core:datetime) agree with one steady clock"), warnings);
            }

            if (outliers.Count > 0)
            {
                warnings.Add(Invariant($"{outliers.Count} time stamp(s) lay more than half a sample off the line through the others and were left out of the fit."));
            }

            return (CaptureClock.FromFit(fit, stamps.Count - outliers.Count, CaptureClock.KiwiSdrFloorSeconds, source ?? "recorded"), null, warnings);
        }

        var start = segments.FirstOrDefault(s => s.Utc is not null);
        if (source is null)
        {
            return (null, segments.Any(s => s.Utc is not null)
                ? "one core:datetime and no heimdall:timing: where its time came from is unknown (GNSS time stamps are needed)"
                : "no core:datetime: the recording has no time", warnings);
        }

        if (start.Utc is null)
        {
            return (null, Invariant($"heimdall:timing.source is {source} but no capture segment has a core:datetime"), warnings);
        }

        var sampleRate = measured ?? rate;
        warnings.Add(stamps.Count == 1
            ? "one time stamp only: the rate is the recording's, not measured."
            : "no time stamps: the start is the archived capture start and the rate the measured one.");
        var ns = KiwiGnssClock.ToGpsNanoseconds(start.Utc.Value) - (long)Math.Round(start.SampleStart * 1e9 / sampleRate);
        return (new CaptureClock(ns, sampleRate, CaptureClock.KiwiSdrFloorSeconds, source), null, warnings);
    }

    private static List<(long SampleStart, double? FrequencyHz, DateTimeOffset? Utc)> Segments(JsonElement meta)
    {
        var segments = new List<(long, double?, DateTimeOffset?)>();
        if (Property(meta, "captures") is not { ValueKind: JsonValueKind.Array } captures)
        {
            return segments;
        }

        var index = 0;
        foreach (var capture in captures.EnumerateArray())
        {
            var start = Number(capture, "core:sample_start") is { } s ? (long)s : 0;
            DateTimeOffset? utc = null;
            if (String(capture, "core:datetime") is { } text)
            {
                utc = DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed)
                    ? parsed
                    : throw new IqDataException(Invariant($"captures[{index}].core:datetime '{text}' is not an ISO 8601 time"));
            }

            segments.Add((start, Number(capture, "core:frequency"), utc));
            index++;
        }

        return segments;
    }

    /// <summary><c>core:geolocation</c>: a GeoJSON point, [longitude, latitude, altitude?].</summary>
    private static GeoPosition? Geolocation(JsonElement global)
    {
        if (Property(global, "core:geolocation") is not { ValueKind: JsonValueKind.Object } point
            || Property(point, "coordinates") is not { ValueKind: JsonValueKind.Array } coordinates
            || coordinates.GetArrayLength() < 2)
        {
            return null;
        }

        var values = coordinates.EnumerateArray().Select(c => c.ValueKind == JsonValueKind.Number ? c.GetDouble() : double.NaN).ToArray();
        return new GeoPosition(values[1], values[0], values.Length > 2 ? values[2] : 0);
    }

    private static JsonElement? Property(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) ? value : null;

    private static string? String(JsonElement element, string name) => Property(element, name) is { ValueKind: JsonValueKind.String } value ? value.GetString() : null;

    private static double? Number(JsonElement element, string name) =>
        Property(element, name) is { ValueKind: JsonValueKind.Number } value && value.TryGetDouble(out var number) ? number : null;

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
