using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text.Json;
using Heimdall.Contracts;
using Heimdall.Storage;
using Heimdall.Testing;
using MassTransit;
using MassTransit.MessageData.Values;
using MassTransit.Testing;

namespace Heimdall.IqArchiver.Tests;

/// <summary>
/// A receiver without IQ (OpenWebRX) archived as what it delivered: its demodulated audio as a SigMF recording of real
/// samples (<c>ri16_le</c>) that says what they are, and its spectrum beside it; and the messages that would label
/// audio as IQ, or IQ as audio, refused.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class AudioArchiveSpecs
{
    private static readonly DateTimeOffset Start = new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);
    private TestStack _stack = null!;
    private HarnessHost _host = null!;
    private ObjectStore _store = null!;

    [OneTimeSetUp]
    public async Task StartHost()
    {
        _stack = await TestStack.CreateAsync();
        _host = await HarnessHost.StartAsync(_stack.Settings, b => b.AddIqArchiverComponents(), IqArchiverRegistration.AddConsumers);
        _store = _stack.CreateObjectStore();
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        await _host.DisposeAsync();
        await _stack.DisposeAsync();
        _store.Dispose();
    }

    private static byte[] Audio(int samples)
    {
        var bytes = new byte[samples * 2];
        for (var n = 0; n < samples; n++)
        {
            BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan(2 * n), (short)Math.Round(8000 * Math.Cos(2 * Math.PI * 10_834.5 * n / 48_000)));
        }

        return bytes;
    }

    private static byte[] Levels(int lines, int bins)
    {
        var bytes = new byte[lines * bins * 4];
        for (var i = 0; i < lines * bins; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(4 * i), -80f + (i % bins == 40 ? 30 : 0));
        }

        return bytes;
    }

    private static IqCaptured OpenWebRxCapture(Guid id, byte[] audio, byte[] levels) => Captures.IqCaptured(id, 9, audio) with
    {
        Receiver = new ReceiverSnapshot { Name = "OpenWebRX Torino", Kind = "openwebrx", Latitude = 45.07, Longitude = 7.69, AltitudeM = 240 },
        SampleRateHz = 48_000,
        SampleCount = audio.Length / 2,
        SampleFormat = "ri16_le",
        CaptureStartUtc = Start,
        Metrics = Captures.Metrics(9) with
        {
            Basis = MeasurementBases.Audio,
            Uncertainty = new MeasurementUncertainty { SnrDb = 0.25, FrequencyOffsetHz = 2.5, PowerDb = 0.125 },
        },
        Timing = new CaptureTiming { Source = TimingSources.HostClock, ReceiverVersion = "OpenWebRX 1.2.121" },
        Audio = new CapturedAudio
        {
            Demodulator = "usbd", PassbandLowHz = 0, PassbandHighHz = 19_200, DialFrequencyHz = 145_490_400, RequestedAudioFrequencyHz = 9_600,
            Inverted = false, Decompression = "IMA ADPCM with sync blocks every 1000 bytes (OpenWebRX+), decoded by Heimdall", SyncLosses = 0,
        },
        Spectrum = new CapturedSpectrum
        {
            CenterFrequencyHz = 145_000_000, SampleRateHz = 2_400_000, FftSize = 64, Window = "hamming", LevelOffsetDb = -70, Compression = "adpcm",
            LineArrivalsUtc = [Start, Start.AddMilliseconds(100), Start.AddMilliseconds(200)],
            Levels = new BytesInlineMessageData(levels),
            SMeter = [new SMeterSample { ArrivalUtc = Start.AddMilliseconds(250), Power = 1.25e-4 }],
        },
    };

    private async Task<Fault<IqCaptured>?> ConsumeAsync(IqCaptured capture)
    {
        await _host.Harness.Bus.Publish(capture);
        await Eventually.True(() => _host.Harness.Consumed.Select<IqCaptured>(x => x.Context.Message.AcquisitionId == capture.AcquisitionId).Any(),
            "the archiver to consume the capture");
        await Eventually.True(() => Archived(capture.AcquisitionId) is not null || FaultOf(capture.AcquisitionId) is not null, "an IqArchived or a fault");
        return FaultOf(capture.AcquisitionId);
    }

    private IqArchived? Archived(Guid id) =>
        _host.Harness.Published.Select<IqArchived>(x => x.Context.Message.AcquisitionId == id).Select(x => x.Context.Message).FirstOrDefault();

    private Fault<IqCaptured>? FaultOf(Guid id) =>
        _host.Harness.Published.Select<Fault<IqCaptured>>(x => x.Context.Message.Message.AcquisitionId == id).Select(x => x.Context.Message).FirstOrDefault();

    private Task<byte[]?> Object(string key) => _store.GetAsync(_stack.Bucket, key, CancellationToken.None);

    [Test]
    public async Task OpenWebRX_audio_Should_be_a_real_recording_that_says_what_it_is_with_the_spectrum_beside_it()
    {
        var id = Guid.NewGuid();
        var (audio, levels) = (Audio(4800), Levels(3, 64));

        var fault = await ConsumeAsync(OpenWebRxCapture(id, audio, levels));

        Assert.That(fault, Is.Null, fault?.Exceptions.Single().Message);
        var meta = (await Object(ArchiveKeys.Meta(id, 9)))!;
        var spectrumMeta = (await Object(ArchiveKeys.SpectrumMeta(id, 9)))!;
        using var recording = JsonDocument.Parse(meta);
        using var spectrum = JsonDocument.Parse(spectrumMeta);
        var global = recording.RootElement.GetProperty("global");
        var spectrumGlobal = spectrum.RootElement.GetProperty("global");
        Assert.Multiple(async () =>
        {
            Assert.That(await Object(ArchiveKeys.Data(id, 9)), Is.EqualTo(audio));
            Assert.That(SigMfSchemas.ValidateMeta(meta), Is.Empty);
            Assert.That(global.GetProperty("core:datatype").GetString(), Is.EqualTo("ri16_le"));
            Assert.That(global.GetProperty("core:sample_rate").GetDouble(), Is.EqualTo(48_000));
            Assert.That(global.GetProperty("core:description").GetString(), Does.EndWith(": the server's demodulated usbd audio (real samples, not IQ)"));
            Assert.That(recording.RootElement.GetProperty("captures")[0].GetProperty("core:frequency").GetDouble(), Is.EqualTo(145_490_400), "audio 0 Hz is the dial");
            Assert.That(Compact(global.GetProperty("heimdall:audio").GetRawText()), Is.EqualTo(Compact("""
                {"demodulator": "usbd", "passband_low_hz": 0, "passband_high_hz": 19200, "dial_frequency_hz": 145490400,
                 "requested_audio_frequency_hz": 9600, "inverted": false,
                 "decompression": "IMA ADPCM with sync blocks every 1000 bytes (OpenWebRX+), decoded by Heimdall", "sync_losses": 0}
                """)));
            Assert.That(global.GetProperty("heimdall:metrics").GetProperty("basis").GetString(), Is.EqualTo("audio"));
            Assert.That(global.GetProperty("heimdall:metrics").GetProperty("uncertainty").GetProperty("snr_db").GetDouble(), Is.EqualTo(0.25));
            Assert.That(global.GetProperty("heimdall:metrics").GetProperty("uncertainty").GetProperty("frequency_offset_hz").GetDouble(), Is.EqualTo(2.5));
            Assert.That(global.GetProperty("heimdall:metrics").GetProperty("uncertainty").GetProperty("power_db").GetDouble(), Is.EqualTo(0.125));

            Assert.That(await Object(ArchiveKeys.SpectrumData(id, 9)), Is.EqualTo(levels));
            Assert.That(SigMfSchemas.ValidateMeta(spectrumMeta), Is.Empty);
            Assert.That(spectrumGlobal.GetProperty("core:datatype").GetString(), Is.EqualTo("rf32_le"));
            Assert.That(spectrumGlobal.GetProperty("core:num_channels").GetInt32(), Is.EqualTo(64));
            Assert.That(spectrumGlobal.GetProperty("core:sample_rate").GetDouble(), Is.EqualTo(10).Within(1e-9), "three lines 100 ms apart");
            Assert.That(spectrumGlobal.GetProperty("core:sha512").GetString(), Is.EqualTo(Convert.ToHexStringLower(SHA512.HashData(levels))));
            Assert.That(spectrumGlobal.GetProperty("heimdall:spectrum").GetProperty("bin_hz").GetDouble(), Is.EqualTo(37_500));
            Assert.That(spectrumGlobal.GetProperty("heimdall:spectrum").GetProperty("first_bin_frequency_hz").GetDouble(), Is.EqualTo(143_800_000));
            Assert.That(spectrumGlobal.GetProperty("heimdall:smeter")[0].GetProperty("power").GetDouble(), Is.EqualTo(1.25e-4));
            Assert.That(spectrum.RootElement.GetProperty("captures").EnumerateArray().Select(c => c.GetProperty("core:datetime").GetString()),
                Is.EqualTo(new[] { "2026-11-28T12:00:00.000000Z", "2026-11-28T12:00:00.100000Z", "2026-11-28T12:00:00.200000Z" }));

            var archived = Archived(id)!;
            Assert.That(archived.SpectrumUri, Is.EqualTo(ObjectStore.UriOf(_stack.Bucket, ArchiveKeys.SpectrumMeta(id, 9))));
            Assert.That(archived.Metrics.Basis, Is.EqualTo("audio"));
            Assert.That(archived.Bytes, Is.EqualTo(audio.Length));
        });
    }

    private static string Compact(string json)
    {
        using var document = JsonDocument.Parse(json);
        return JsonSerializer.Serialize(document.RootElement);
    }

    [Test]
    public async Task Real_samples_without_audio_and_IQ_with_audio_Should_be_refused_and_nothing_written()
    {
        var (unlabelled, mislabelled) = (Guid.NewGuid(), Guid.NewGuid());
        var audio = Audio(480);

        var unlabelledFault = await ConsumeAsync(OpenWebRxCapture(unlabelled, audio, Levels(1, 64)) with { Audio = null, Spectrum = null });
        var iq = Captures.Iq(3);
        var mislabelledFault = await ConsumeAsync(OpenWebRxCapture(mislabelled, iq, Levels(1, 64)) with { SampleFormat = "ci16_le", SampleCount = iq.Length / 4, Spectrum = null });

        Assert.Multiple(async () =>
        {
            Assert.That(unlabelledFault!.Exceptions.Single().Message, Does.Contain("sampleFormat ri16_le (real samples) without audio saying what they are"));
            Assert.That(mislabelledFault!.Exceptions.Single().Message, Does.Contain("audio given with sampleFormat 'ci16_le', which is IQ."));
            Assert.That(await Object(ArchiveKeys.Data(unlabelled, 9)), Is.Null);
            Assert.That(await Object(ArchiveKeys.Data(mislabelled, 9)), Is.Null);
        });
    }
}
