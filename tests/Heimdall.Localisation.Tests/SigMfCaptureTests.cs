using System.Buffers.Binary;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Heimdall.Localisation.Input;
using Heimdall.Signal.Timing;

namespace Heimdall.Localisation.Tests;

/// <summary>Recordings as Heimdall's archive writes them for a GNSS-timed KiwiSDR capture (docs/contracts.md, SigMfMetadata).</summary>
public sealed class SigMfCaptureTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 28, 18, 30, 0, 123, TimeSpan.Zero);
    private const double Rate = 11_998.9034;

    /// <summary>
    /// A meta like the archive's: segment 0 at sample 0 with the fitted start (to the µs), then one segment per stamp every
    /// 512 samples from 212 on, each with its UTC to the 100 ns tick.
    /// </summary>
    private static JsonElement Meta(string? source = "gnss", int stamps = 20, bool archiveStartSegment = true, Func<int, double>? stampError = null)
    {
        var captures = new JsonArray();
        if (archiveStartSegment)
        {
            captures.Add(Segment(0, Start.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture)));
        }

        for (var k = 0; k < stamps; k++)
        {
            var index = 212 + (512 * k);
            var utc = Start.AddTicks((long)Math.Round(((index / Rate) + (stampError?.Invoke(k) ?? 0)) * 1e7));
            captures.Add(Segment(index, utc.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture)));
        }

        var global = new JsonObject
        {
            ["core:datatype"] = "ci16_le",
            ["core:sample_rate"] = Rate,
            ["core:geolocation"] = new JsonObject { ["type"] = "Point", ["coordinates"] = new JsonArray(7.69, 45.07, 240.0) },
            ["heimdall:receiver_id"] = 20,
            ["heimdall:receiver_name"] = "Kiwi Torino",
            ["heimdall:receiver_kind"] = "kiwisdr",
        };
        if (source is not null)
        {
            global["heimdall:timing"] = new JsonObject { ["source"] = source, ["measured_sample_rate_hz"] = Rate, ["stamp_count"] = stamps };
        }

        return JsonDocument.Parse(new JsonObject { ["global"] = global, ["captures"] = captures }.ToJsonString()).RootElement.Clone();

        static JsonObject Segment(long index, string utc) => new() { ["core:sample_start"] = index, ["core:frequency"] = 7_074_000.0, ["core:datetime"] = utc };
    }

    private static byte[] Data(int samples)
    {
        var data = new byte[samples * 4];
        for (var n = 0; n < samples; n++)
        {
            BinaryPrimitives.WriteInt16LittleEndian(data.AsSpan(4 * n), (short)(1000 * Math.Cos(n * 0.1)));
            BinaryPrimitives.WriteInt16LittleEndian(data.AsSpan((4 * n) + 2), (short)(1000 * Math.Sin(n * 0.1)));
        }

        return data;
    }

    [Test]
    public void When_the_archive_wrote_one_segment_per_stamp_Should_refit_them_to_the_rate_and_start_and_read_the_receiver()
    {
        var capture = SigMfCapture.Create(Meta(), Data(20 * 512), "20");

        Assert.Multiple(() =>
        {
            Assert.That(capture.Name, Is.EqualTo("Kiwi Torino"));
            Assert.That(capture.ReceiverId, Is.EqualTo(20));
            Assert.That(capture.Position, Is.EqualTo(new Geodesy.GeoPosition(45.07, 7.69, 240)));
            Assert.That(capture.CenterFrequencyHz, Is.EqualTo(7_074_000));
            Assert.That(capture.Samples, Has.Length.EqualTo(20 * 512));
            Assert.That(capture.ClockProblem, Is.Null);
            Assert.That(capture.Clock!.Source, Is.EqualTo("gnss"));
            Assert.That(capture.Clock.StampCount, Is.EqualTo(20), "the archive's start segment is not a stamp");
            Assert.That(capture.Clock.SampleRateHz, Is.EqualTo(Rate).Within(1e-3));
            // Stamps rounded to 100 ns: the start is good to a few tens of ns.
            Assert.That(capture.Clock.StartGpsNanoseconds - KiwiGnssClock.ToGpsNanoseconds(Start), Is.InRange(-60, 60));
            Assert.That(capture.Clock.SigmaSeconds, Is.EqualTo(CaptureClock.KiwiSdrFloorSeconds).Within(0.03e-6));
        });
    }

    [Test]
    public void When_a_stamp_jumped_Should_leave_it_out_and_say_so()
    {
        var capture = SigMfCapture.Create(Meta(stampError: k => k == 7 ? 1e-3 : 0), Data(20 * 512), "20");

        Assert.Multiple(() =>
        {
            Assert.That(capture.Clock!.StampCount, Is.EqualTo(19));
            Assert.That(capture.Warnings, Is.EqualTo(new[] { "1 time stamp(s) lay more than half a sample off the line through the others and were left out of the fit." }));
        });
    }

    [Test]
    public void When_the_capture_was_timed_by_the_host_clock_Should_have_no_clock_and_say_why()
    {
        var capture = SigMfCapture.Create(Meta(source: "host-clock"), Data(512), "20");

        Assert.Multiple(() =>
        {
            Assert.That(capture.Clock, Is.Null);
            Assert.That(capture.ClockProblem, Is.EqualTo("timed by the host clock (heimdall:timing.source = host-clock): its start is uncertain by milliseconds"));
        });
    }

    [Test]
    public void When_a_recording_has_one_datetime_and_no_timing_Should_have_no_clock_and_say_why()
    {
        var capture = SigMfCapture.Create(Meta(source: null, stamps: 0), Data(512), "20");

        Assert.That(capture.ClockProblem, Is.EqualTo("one core:datetime and no heimdall:timing: where its time came from is unknown (GNSS time stamps are needed)"));
    }

    [Test]
    public void When_the_datatype_is_not_supported_Should_refuse_naming_the_field()
    {
        var meta = JsonNode.Parse(Meta().GetRawText())!;
        meta["global"]!["core:datatype"] = "ri16_le";

        Assert.That(() => SigMfCapture.Create(JsonDocument.Parse(meta.ToJsonString()).RootElement, Data(512), "20"),
            Throws.InstanceOf<Heimdall.Signal.IqDataException>().With.Message.EqualTo("unsupported datatype 'ri16_le' (global.core:datatype)"));
    }
}
