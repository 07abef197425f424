using System.Text.Json;
using Heimdall.Domain.Receivers;

namespace Heimdall.Receivers.Replay;

/// <summary>How fast a recording is replayed.</summary>
public enum ReplaySpeed
{
    /// <summary>Like a receiver: the capture waits for its start and lasts as long as its samples.</summary>
    RealTime,

    /// <summary>As fast as the samples can be read, whatever the start (load tests, re-analysis).</summary>
    Full,
}

/// <summary>
/// A replay receiver's <c>url</c> (<see cref="ReplayLocation"/>) and <c>settings</c> (docs/receivers.md, SigMF replay),
/// each problem one sentence naming its key.
/// </summary>
public sealed record SigMfReplaySettings
{
    public required ReplayLocation Location { get; init; }

    /// <summary><c>speed</c>: <c>"real-time"</c> (default) or <c>"full"</c>.</summary>
    public ReplaySpeed Speed { get; init; }

    /// <summary><c>stream</c>: the base name of the recording to replay from a collection or a folder.</summary>
    public string? Stream { get; init; }

    /// <summary><c>receiverId</c>: replay the recording of a collection or folder whose <c>heimdall:receiver_id</c> is this.</summary>
    public int? ReceiverId { get; init; }

    /// <summary><c>startSample</c>: the first sample replayed (default 0).</summary>
    public long StartSample { get; init; }

    /// <summary><c>loop</c>: wrap around to sample 0 when a capture runs past the end (default: refuse it).</summary>
    public bool Loop { get; init; }

    /// <summary><c>matchFrequency</c>: refuse a request at another frequency than the recording's (default true).</summary>
    public bool MatchFrequency { get; init; } = true;

    public static SigMfReplaySettings? Read(Receiver receiver, List<string> problems)
    {
        ArgumentNullException.ThrowIfNull(receiver);
        ArgumentNullException.ThrowIfNull(problems);
        var location = ReplayLocation.Parse(receiver.Url, problems);
        using var json = ReceiverSettingsJson.Open(receiver.Settings, problems);
        var speed = ReplaySpeed.RealTime;
        if (json.Raw("speed") is { } raw)
        {
            if (raw.ValueKind == JsonValueKind.String && raw.GetString() is "real-time" or "full")
            {
                speed = raw.GetString() == "full" ? ReplaySpeed.Full : ReplaySpeed.RealTime;
            }
            else
            {
                json.Refuse("speed", "\"real-time\" or \"full\"", raw);
            }
        }

        var stream = json.Text("stream");
        var receiverId = (int?)json.OptionalWholeNumber("receiverId", int.MinValue, int.MaxValue, "(a receiver id)");
        var startSample = json.WholeNumber("startSample", 0, 0, long.MaxValue / 16, "samples");
        var loop = json.Boolean("loop", false);
        var matchFrequency = json.Boolean("matchFrequency", true);
        var settings = location is null ? null : new SigMfReplaySettings
        {
            Location = location,
            Speed = speed,
            Stream = stream,
            ReceiverId = receiverId,
            StartSample = startSample,
            Loop = loop,
            MatchFrequency = matchFrequency,
        };
        json.UnknownKeys();

        if (settings is { Stream: not null, ReceiverId: not null })
        {
            problems.Add("settings.stream and settings.receiverId both choose the recording: give one.");
        }

        if (settings is { Location.Target: ReplayTarget.Recording } && (settings.Stream is not null || settings.ReceiverId is not null))
        {
            problems.Add($"settings.stream and settings.receiverId choose a recording of a collection or a folder; url '{receiver.Url}' is one recording.");
        }

        if (settings is { Location: { Target: ReplayTarget.Folder, OnDisk: false }, Stream: null, ReceiverId: null })
        {
            problems.Add($"url '{receiver.Url}' is a folder of the object store, which is never listed: give settings.stream (the base name) or settings.receiverId (the recording {{receiverId}}.sigmf-meta, as the pipeline names them).");
        }

        return settings;
    }
}
