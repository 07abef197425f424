using System.Globalization;
using System.Text.Json;
using Heimdall.Signal;

namespace Heimdall.Receivers.Replay;

/// <summary>One capture segment of a recording: where it starts, what it was tuned to, and when its first sample was taken.</summary>
public sealed record SigMfReplaySegment(long SampleStart, double? FrequencyHz, DateTimeOffset? DateTime);

/// <summary>
/// What a replay needs of a <c>.sigmf-meta</c>: the sample format and rate, the capture segments, and Heimdall's
/// receiver id, time source and the band the receiver passed when the pipeline wrote it. A recording a replay cannot
/// honour (several channels, an unknown datatype, no rate, a passband that is not one) is refused by <see cref="Parse"/>
/// with the reason.
/// </summary>
public sealed record SigMfReplayMeta(
    SampleFormat Format, double SampleRateHz, IReadOnlyList<SigMfReplaySegment> Segments, int? ReceiverId, string? TimingSource,
    string? ReceiverVersion, string? Hardware, Passband? Passband = null)
{
    /// <summary>The metadata of <paramref name="json"/> (read from <paramref name="where"/>, named in messages).</summary>
    /// <exception cref="ReceiverRefusedException">Not valid SigMF, or a recording a replay cannot deliver.</exception>
    public static SigMfReplayMeta Parse(ReadOnlyMemory<byte> json, string where)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException ex)
        {
            throw new ReceiverRefusedException($"{where} is not valid JSON: {ex.Message}");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("global", out var global) || global.ValueKind != JsonValueKind.Object)
            {
                throw new ReceiverRefusedException($"{where} has no \"global\" object: not SigMF metadata.");
            }

            var datatype = global.TryGetProperty("core:datatype", out var type) && type.ValueKind == JsonValueKind.String ? type.GetString() : null;
            if (!SampleFormats.TryParse(datatype, out var format) || format.IsReal())
            {
                throw new ReceiverRefusedException(
                    $"{where}: global.core:datatype is {(datatype is null ? "missing" : $"'{datatype}'")}; a replay delivers ci16_le, cu8 or cf32_le samples as they are, and converts nothing.");
            }

            if (global.TryGetProperty("core:num_channels", out var channels) && !(channels.ValueKind == JsonValueKind.Number && channels.TryGetInt64(out var count) && count == 1))
            {
                throw new ReceiverRefusedException(
                    $"{where}: global.core:num_channels is {channels.GetRawText()}; a receiver delivers one channel, and the samples of several are interleaved in the data.");
            }

            if (!(global.TryGetProperty("core:sample_rate", out var rate) && rate.ValueKind == JsonValueKind.Number && rate.TryGetDouble(out var rateHz) && rateHz > 0 && double.IsFinite(rateHz)))
            {
                throw new ReceiverRefusedException($"{where}: global.core:sample_rate is missing or not a positive number.");
            }

            var timing = global.TryGetProperty("heimdall:timing", out var t) && t.ValueKind == JsonValueKind.Object ? t : default;
            var (passband, passbandProblem) = SigMfPassband.Read(global);
            if (passbandProblem is not null)
            {
                throw new ReceiverRefusedException($"{where}: {passbandProblem}.");
            }

            return new SigMfReplayMeta(
                format,
                rateHz,
                ReadSegments(root, where),
                global.TryGetProperty("heimdall:receiver_id", out var id) && id.TryGetInt32(out var receiverId) ? receiverId : null,
                Text(timing, "source"),
                Text(timing, "receiver_version"),
                Text(global, "core:hw"),
                passband);
        }
    }

    /// <summary>The segment holding sample <paramref name="sample"/> (the last one starting at or before it).</summary>
    public SigMfReplaySegment SegmentAt(long sample) => Segments.LastOrDefault(s => s.SampleStart <= sample) ?? Segments[0];

    /// <summary>
    /// The recorded instant of sample <paramref name="sample"/>: the <c>core:datetime</c> of the last segment at or before it
    /// that has one, plus the samples since that segment's start; null when no such segment has a time.
    /// </summary>
    public DateTimeOffset? TimeOf(long sample)
    {
        var timed = Segments.LastOrDefault(s => s.SampleStart <= sample && s.DateTime is not null);
        return timed is null ? null : timed.DateTime!.Value + TimeSpan.FromSeconds((sample - timed.SampleStart) / SampleRateHz);
    }

    private static List<SigMfReplaySegment> ReadSegments(JsonElement root, string where)
    {
        var segments = new List<SigMfReplaySegment>();
        if (root.TryGetProperty("captures", out var captures) && captures.ValueKind == JsonValueKind.Array)
        {
            var index = 0;
            foreach (var capture in captures.EnumerateArray())
            {
                if (capture.ValueKind != JsonValueKind.Object)
                {
                    throw new ReceiverRefusedException($"{where}: captures[{index}] is not an object.");
                }

                var start = capture.TryGetProperty("core:sample_start", out var s) && s.TryGetInt64(out var value) && value >= 0 ? value : index == 0 ? 0 : -1;
                if (start < 0 || (segments.Count > 0 && start <= segments[^1].SampleStart))
                {
                    throw new ReceiverRefusedException($"{where}: captures[{index}].core:sample_start is missing, negative or not after the segment before it.");
                }

                double? frequency = capture.TryGetProperty("core:frequency", out var f) && f.TryGetDouble(out var hz) ? hz : null;
                segments.Add(new SigMfReplaySegment(start, frequency, DateTimeOf(capture, where, index)));
                index++;
            }
        }

        return segments.Count > 0 ? segments : [new SigMfReplaySegment(0, null, null)];
    }

    /// <summary><c>core:datetime</c> (ISO 8601 UTC; digits beyond the 100 ns tick are dropped).</summary>
    private static DateTimeOffset? DateTimeOf(JsonElement capture, string where, int index)
    {
        if (!capture.TryGetProperty("core:datetime", out var element) || element.ValueKind != JsonValueKind.String)
        {
            return null;
        }

        var text = element.GetString()!;
        var dot = text.IndexOf('.', StringComparison.Ordinal);
        if (dot >= 0)
        {
            var end = dot + 1;
            while (end < text.Length && char.IsAsciiDigit(text[end]))
            {
                end++;
            }

            if (end - dot - 1 > 7)
            {
                text = text[..(dot + 8)] + text[end..];
            }
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var instant)
            ? instant
            : throw new ReceiverRefusedException($"{where}: captures[{index}].core:datetime '{element.GetString()}' is not an ISO 8601 time.");
    }

    private static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
