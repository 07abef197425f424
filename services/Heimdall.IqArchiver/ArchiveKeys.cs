namespace Heimdall.IqArchiver;

/// <summary>Object keys of docs/contracts.md (Object storage): deterministic, so a redelivered capture lands on the same objects.</summary>
public static class ArchiveKeys
{
    public const string CollectionBaseName = "acquisition";

    public static string Folder(Guid acquisitionId) => $"acquisitions/{acquisitionId:D}";
    public static string RecordingBaseName(int receiverId) => receiverId.ToString(System.Globalization.CultureInfo.InvariantCulture);
    public static string Data(Guid acquisitionId, int receiverId) => $"{Folder(acquisitionId)}/{RecordingBaseName(receiverId)}.sigmf-data";
    public static string Meta(Guid acquisitionId, int receiverId) => $"{Folder(acquisitionId)}/{RecordingBaseName(receiverId)}.sigmf-meta";
    public static string SpectrumData(Guid acquisitionId, int receiverId) => $"{Folder(acquisitionId)}/{RecordingBaseName(receiverId)}.spectrum.sigmf-data";
    public static string SpectrumMeta(Guid acquisitionId, int receiverId) => $"{Folder(acquisitionId)}/{RecordingBaseName(receiverId)}.spectrum.sigmf-meta";
    public static string Npy(Guid acquisitionId, int receiverId) => $"{Folder(acquisitionId)}/{RecordingBaseName(receiverId)}.npy";
    public static string Collection(Guid acquisitionId) => $"{Folder(acquisitionId)}/{CollectionBaseName}.sigmf-collection";
}
