using System.Globalization;

namespace Heimdall.Locator;

/// <summary>
/// The object keys of docs/contracts.md (Object storage) the Locator reads and writes: deterministic, so it never lists
/// the bucket, and a redelivery writes the same object.
/// </summary>
public static class LocationKeys
{
    public static string Folder(Guid acquisitionId) => $"acquisitions/{acquisitionId:D}";
    public static string Data(Guid acquisitionId, int receiverId) => $"{Folder(acquisitionId)}/{receiverId.ToString(CultureInfo.InvariantCulture)}.sigmf-data";
    public static string Meta(Guid acquisitionId, int receiverId) => $"{Folder(acquisitionId)}/{receiverId.ToString(CultureInfo.InvariantCulture)}.sigmf-meta";
    public static string GeoJson(Guid acquisitionId) => $"{Folder(acquisitionId)}/location.geojson";
}
