using System.Text.Json;

namespace Heimdall.IqArchiver.SigMf;

/// <summary>
/// The acquisition's .sigmf-collection: every recording's base name with the SHA-512 of its .sigmf-meta, as the SigMF
/// Recording Objects <c>{"name": …, "hash": …}</c> that SigMF 1.2 requires in <c>core:streams</c> (the older
/// <c>[name, hash]</c> tuples are deprecated, and sigmf-python reads each stream with <c>.get("name")</c>).
/// </summary>
public static class SigMfCollection
{
    public static byte[] Build(Guid acquisitionId, IEnumerable<(string BaseName, string MetaSha512)> recordings)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, SigMfJsonEncoder.WriterOptions))
        {
            json.WriteStartObject();
            json.WriteStartObject("collection");
            json.WriteString("core:version", SigMfMetadata.SigMfVersion);
            json.WriteString("core:description", $"Heimdall acquisition {acquisitionId:D}: one recording per receiver, captured at the same instant");
            json.WriteStartArray("core:extensions");
            json.WriteStartObject();
            json.WriteString("name", "heimdall");
            json.WriteString("version", SigMfMetadata.ExtensionVersion);
            json.WriteBoolean("optional", true);
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteString("heimdall:acquisition_id", acquisitionId.ToString("D"));
            json.WriteStartArray("core:streams");
            foreach (var (baseName, hash) in recordings)
            {
                json.WriteStartObject();
                json.WriteString("name", baseName);
                json.WriteString("hash", hash);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndObject();
        }

        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
    }
}
