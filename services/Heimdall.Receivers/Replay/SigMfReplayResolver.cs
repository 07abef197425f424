using System.Text.Json;
using Heimdall.Signal;

namespace Heimdall.Receivers.Replay;

/// <summary>The recording a replay receiver replays: its base path, metadata and length.</summary>
public sealed record ReplayRecording(string BasePath, string MetaUrl, SigMfReplayMeta Meta, long SampleCount)
{
    public string MetaPath => BasePath + ReplayLocation.MetaExtension;
    public string DataPath => BasePath + ReplayLocation.DataExtension;
}

/// <summary>
/// Finds the recording a url and its settings name: the recording itself; or, in a collection (its <c>core:streams</c>,
/// SigMF Recording Objects or the older tuples) or a folder, the one named by <c>stream</c>, the one whose
/// <c>heimdall:receiver_id</c> is <c>receiverId</c>, or the only one. Anything missing or ambiguous is refused, naming
/// what there is.
/// </summary>
public static class SigMfReplayResolver
{
    public static async Task<ReplayRecording> ResolveAsync(SigMfReplaySettings settings, IReplayStorage storage, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(storage);
        var location = settings.Location;
        switch (location.Target)
        {
            case ReplayTarget.Recording:
                return await OpenAsync(storage, location.Path, cancellationToken);
            case ReplayTarget.Collection:
                var collection = await storage.ReadAllAsync(location.Path, cancellationToken)
                    ?? throw new ReceiverRefusedException($"{location.Url} does not exist.");
                var folder = location.Path[..(location.Path.LastIndexOf('/') + 1)];
                return await ChooseAsync([.. Streams(collection, location.Url).Select(name => folder + name)], settings, storage, location.Url, cancellationToken);
            default:
                if (settings.Stream is { } stream)
                {
                    return await OpenAsync(storage, location.Path + stream, cancellationToken);
                }

                if (!location.OnDisk && settings.ReceiverId is { } receiverId)
                {
                    return await OpenAsync(storage, location.Path + receiverId.ToString(System.Globalization.CultureInfo.InvariantCulture), cancellationToken);
                }

                return await ChooseAsync(storage.ListRecordings(location.Path), settings, storage, location.Url, cancellationToken);
        }
    }

    /// <summary>The base names of a collection's <c>core:streams</c>.</summary>
    public static IReadOnlyList<string> Streams(byte[] collection, string url)
    {
        try
        {
            using var document = JsonDocument.Parse(collection);
            if (!(document.RootElement.TryGetProperty("collection", out var body) && body.TryGetProperty("core:streams", out var streams) && streams.ValueKind == JsonValueKind.Array))
            {
                throw new ReceiverRefusedException($"{url} has no collection.core:streams array.");
            }

            return [.. streams.EnumerateArray().Select(stream => stream.ValueKind switch
            {
                JsonValueKind.Object when stream.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String => name.GetString()!,
                JsonValueKind.Array when stream.GetArrayLength() > 0 && stream[0].ValueKind == JsonValueKind.String => stream[0].GetString()!,
                _ => throw new ReceiverRefusedException($"{url}: a core:streams entry is neither {{\"name\": …, \"hash\": …}} nor [name, hash]: {stream.GetRawText()}"),
            })];
        }
        catch (JsonException ex)
        {
            throw new ReceiverRefusedException($"{url} is not valid JSON: {ex.Message}");
        }
    }

    private static async Task<ReplayRecording> ChooseAsync(
        IReadOnlyList<string> candidates, SigMfReplaySettings settings, IReplayStorage storage, string url, CancellationToken cancellationToken)
    {
        var names = string.Join(", ", candidates.Select(BaseName).Take(20)) + (candidates.Count > 20 ? ", …" : "");
        if (settings.Stream is { } stream)
        {
            return candidates.FirstOrDefault(c => BaseName(c) == stream) is { } chosen
                ? await OpenAsync(storage, chosen, cancellationToken)
                : throw new ReceiverRefusedException($"{url} has no recording '{stream}' (settings.stream); it has: {names}.");
        }

        if (settings.ReceiverId is { } receiverId)
        {
            foreach (var candidate in candidates)
            {
                var recording = await OpenAsync(storage, candidate, cancellationToken);
                if (recording.Meta.ReceiverId == receiverId)
                {
                    return recording;
                }
            }

            throw new ReceiverRefusedException($"{url} has no recording of heimdall:receiver_id {receiverId} (settings.receiverId) among: {names}.");
        }

        return candidates.Count switch
        {
            1 => await OpenAsync(storage, candidates[0], cancellationToken),
            0 => throw new ReceiverRefusedException($"{url} holds no recording."),
            _ => throw new ReceiverRefusedException($"{url} holds {candidates.Count} recordings ({names}): choose one with settings.stream or settings.receiverId."),
        };
    }

    private static async Task<ReplayRecording> OpenAsync(IReplayStorage storage, string basePath, CancellationToken cancellationToken)
    {
        var metaPath = basePath + ReplayLocation.MetaExtension;
        var metaUrl = storage.UrlOf(metaPath);
        var json = await storage.ReadAllAsync(metaPath, cancellationToken) ?? throw new ReceiverRefusedException($"{metaUrl} does not exist.");
        var meta = SigMfReplayMeta.Parse(json, metaUrl);
        var dataPath = basePath + ReplayLocation.DataExtension;
        var bytes = await storage.LengthAsync(dataPath, cancellationToken)
            ?? throw new ReceiverRefusedException($"{storage.UrlOf(dataPath)} does not exist (the samples of {metaUrl}).");
        var bytesPerSample = meta.Format.BytesPerSample();
        return bytes % bytesPerSample == 0
            ? new ReplayRecording(basePath, metaUrl, meta, bytes / bytesPerSample)
            : throw new ReceiverRefusedException($"{storage.UrlOf(dataPath)} holds {bytes} bytes, not a whole number of {meta.Format.ToSigMf()} samples ({bytesPerSample} bytes each).");
    }

    private static string BaseName(string path) => path[(path.LastIndexOf('/') + 1)..];
}
